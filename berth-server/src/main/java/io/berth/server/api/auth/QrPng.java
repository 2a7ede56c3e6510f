package io.berth.server.api.auth;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * A QR code as a PNG image, drawn on the server (zxing for the code, a few lines of PNG here rather than AWT's
 * ImageIO, which a headless broker need not load): the page shows it without loading anything from elsewhere.
 */
public final class QrPng {
  private static final int SCALE = 6;
  private static final int QUIET = 4; // modules of white around the code, as the standard asks

  private QrPng() {}

  public static byte[] of(String text) {
    BitMatrix m;
    try {
      m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
          Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 0));
    } catch (WriterException e) {
      throw new IllegalArgumentException("text too long for a QR code", e);
    }
    int size = (m.getWidth() + 2 * QUIET) * SCALE;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (int y = 0; y < size; y++) {
      raw.write(0); // filter: none
      int my = y / SCALE - QUIET;
      for (int x = 0; x < size; x++) {
        int mx = x / SCALE - QUIET;
        boolean dark = mx >= 0 && my >= 0 && mx < m.getWidth() && my < m.getHeight() && m.get(mx, my);
        raw.write(dark ? 0 : 255);
      }
    }
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream h = new DataOutputStream(ihdr);
      h.writeInt(size);
      h.writeInt(size);
      h.write(new byte[] {8, 0, 0, 0, 0}); // 8-bit grey, deflate, no filter method, no interlace
      chunk(png, "IHDR", ihdr.toByteArray());
      ByteArrayOutputStream idat = new ByteArrayOutputStream();
      try (DeflaterOutputStream z = new DeflaterOutputStream(idat)) {
        raw.writeTo(z);
      }
      chunk(png, "IDAT", idat.toByteArray());
      chunk(png, "IEND", new byte[0]);
      return png.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory streams do not fail", e);
    }
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    d.writeInt(data.length);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }
}
