package org.moshsim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
    /** ImageIO reads back every pixel of an antialiased drawing, across IDAT chunks (the image is over 64 KiB deflated). */
    @Test
    void imageIoReadsBackEveryPixel() throws IOException {
        BufferedImage image = new BufferedImage(701, 433, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 701, 433);
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 400; i++) {
            g.setColor(new Color(random.nextInt(1 << 24)));
            g.setStroke(new BasicStroke(1 + random.nextFloat() * 3));
            g.drawLine(random.nextInt(701), random.nextInt(433), random.nextInt(701), random.nextInt(433));
        }
        g.drawString("moshsim 1e-9", 20, 40);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        PngEncoder.write(image, png);
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
        assertEquals(701, read.getWidth());
        assertEquals(433, read.getHeight());
        for (int y = 0; y < 433; y++) {
            for (int x = 0; x < 701; x++) {
                assertEquals(image.getRGB(x, y), read.getRGB(x, y), "pixel " + x + ", " + y);
            }
        }
    }
}
