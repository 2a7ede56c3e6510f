package io.berth.server.listener;

import io.berth.core.BrokerCore;
import io.berth.server.security.ListenerSecurities;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.TimeUnit;

/** Event loops, a core and the ListenerContext built on them, for listener tests on real loopback sockets. */
final class TestLoops implements AutoCloseable {
  private final MultiThreadIoEventLoopGroup boss;
  private final MultiThreadIoEventLoopGroup workers;
  private final BrokerCore core = new BrokerCore(System::currentTimeMillis);
  final ListenerContext context;

  TestLoops() {
    Transport t = Transport.best();
    boss = t.newGroup(1);
    workers = t.newGroup(2);
    context = new ListenerContext(t, boss, workers, core, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE),
        ListenerSecurities.withoutAcl());
  }

  @Override
  public void close() {
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    core.close();
  }
}
