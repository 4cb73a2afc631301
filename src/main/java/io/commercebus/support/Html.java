package io.commercebus.support;

/**
 * What the bus's pages share (the reconciliation report, the operators' status page): one look, plain
 * HTML and CSS without script, and escaping of every value that comes from data.
 */
public final class Html {

    private static final String STYLE = "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;"
            + "max-width:1180px;padding:0 1.5rem;color:#1d2430;background:#fff}"
            + "h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .6rem}"
            + ".sub{color:#5b6575;margin:0 0 1.5rem}"
            + ".cards{display:flex;flex-wrap:wrap;gap:.8rem}"
            + ".card{border:1px solid #d9dee6;border-radius:8px;padding:.7rem 1rem;min-width:150px}"
            + ".card b{display:block;font-size:1.45rem}.card span{color:#5b6575;font-size:.85rem}"
            + "a.card{color:inherit;text-decoration:none}a.card:hover{border-color:#8a94a6}"
            + ".ok{color:#17723a}.bad{color:#b3261e}"
            + "table{border-collapse:collapse;width:100%;font-size:.92rem}"
            + "th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e6e9ef;vertical-align:top}"
            + "th{background:#f4f6f9;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
            + ".reason{font-family:ui-monospace,Menlo,monospace;font-size:.82rem;background:#fdecea;color:#8c1d18;"
            + "padding:.1rem .35rem;border-radius:4px;white-space:nowrap}"
            + ".detail{color:#39424e;max-width:460px;overflow-wrap:anywhere}.closed{opacity:.55}"
            + "form{margin:1rem 0}input[type=search]{font:inherit;padding:.35rem .5rem;min-width:280px;"
            + "border:1px solid #b9c0cc;border-radius:6px}button{font:inherit;padding:.35rem .8rem}"
            + ".pages{margin:.8rem 0;display:flex;gap:1rem}code{font-size:.85rem}";

    private Html() {
    }

    /** A page's beginning up to its open body: title and the shared style. */
    public static StringBuilder page(String title) {
        return new StringBuilder(8192).append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(STYLE).append("</style></head><body>\n");
    }

    /** A number with its label in a box; with a link when {@code href} is not null. */
    public static void card(StringBuilder html, String css, String value, String label, String href) {
        html.append(href == null ? "<div class=\"card\">" : "<a class=\"card\" href=\"" + esc(href) + "\">")
                .append("<b class=\"").append(css).append("\">").append(esc(value)).append("</b><span>")
                .append(esc(label)).append(href == null ? "</span></div>" : "</span></a>");
    }

    /** Text made safe for HTML content and attribute values. */
    public static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
