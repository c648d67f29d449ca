package org.gss.report;

import java.util.Base64;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.RgbImage;

/** Escaping and inline data for the self-contained HTML report. */
final class Html {
    private Html() {
    }

    /** Text or attribute value safe to place in HTML/SVG. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A PNG data URI of an image (no network, no side files). */
    static String pngDataUri(RgbImage img) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(ImageCodec.encodePng(img));
    }
}
