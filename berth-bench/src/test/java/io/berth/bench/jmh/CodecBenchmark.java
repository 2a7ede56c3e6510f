package io.berth.bench.jmh;

import io.berth.codec.MqttDecoder;
import io.berth.codec.MqttEncoder;
import io.berth.codec.MqttProperties;
import io.berth.codec.MqttVersion;
import io.berth.codec.packet.Publish;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Decode and encode of a 64-byte PUBLISH with Berth's codec: QoS 0 and 1, MQTT 3.1.1 and 5 (bench/jmh.sh). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
  @Param({"0", "1"})
  int qos;

  @Param({"3.1.1", "5"})
  String version;

  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private MqttVersion v;
  private Publish publish;
  private ByteBuf wire;
  private MqttDecoder decoder;

  @Setup
  public void setup() {
    v = version.equals("5") ? MqttVersion.V5 : MqttVersion.V3_1_1;
    publish = new Publish("bench/abcd/in/7", qos, false, false, qos == 0 ? 0 : 42, MqttProperties.NONE,
        Unpooled.wrappedBuffer(new byte[64]));
    ByteBuf encoded = MqttEncoder.encode(alloc, publish, v);
    wire = Unpooled.directBuffer(encoded.readableBytes()).writeBytes(encoded);
    encoded.release();
    decoder = new MqttDecoder(1 << 20);
    decoder.setVersion(v);
  }

  @TearDown
  public void tearDown() {
    wire.release();
    publish.payload().release();
  }

  @Benchmark
  public int decode() {
    wire.readerIndex(0);
    Publish p = (Publish) decoder.decode(wire);
    int n = p.payload().readableBytes();
    p.payload().release();
    return n;
  }

  @Benchmark
  public int encode() {
    ByteBuf out = MqttEncoder.encode(alloc, publish, v);
    int n = out.readableBytes();
    out.release();
    return n;
  }

  @Benchmark
  public int decodeThenEncode() {
    wire.readerIndex(0);
    Publish p = (Publish) decoder.decode(wire);
    ByteBuf out = MqttEncoder.encode(alloc, p, v);
    int n = out.readableBytes();
    out.release();
    p.payload().release();
    return n;
  }
}
