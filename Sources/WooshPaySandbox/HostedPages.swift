/// Plain-HTML pages for the customer's side (no JavaScript): hosted checkout, the 3-D
/// Secure challenge and the wallet redirect. Every dynamic value is HTML-escaped.
enum HostedPages {
    /// Escapes text for HTML content and attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Wraps a body in a page.
    static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title)) · WooshPay sandbox</title>
        <style>body{font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em}
        table{border-collapse:collapse;width:100%}td,th{padding:.3em;border-bottom:1px solid #ddd;text-align:left}
        .error{color:#b00;font-weight:bold}.hint{color:#555;font-size:.9em}label{display:block;margin:.5em 0}
        button{padding:.5em 1.2em;margin:.5em .5em 0 0}</style></head>
        <body><p class="hint">WooshPay sandbox (test mode)</p><h1>\(escape(title))</h1>
        \(body)
        </body></html>
        """
    }

    /// A message-only page.
    static func message(title: String, text: String, link: (label: String, url: String)? = nil) -> String {
        let linkHTML = link.map { "<p><a href=\"\(escape($0.url))\">\(escape($0.label))</a></p>" } ?? ""
        return page(title: title, body: "<p>\(escape(text))</p>\(linkHTML)")
    }

    /// Formats minor units for display using the currency's exponent (0, 2 or 3 decimals).
    static func formatAmount(_ amount: Int64, currency: String) -> String {
        let code = currency.uppercased()
        let exponent = zeroDecimal.contains(code) ? 0 : threeDecimal.contains(code) ? 3 : 2
        guard exponent > 0 else { return "\(amount) \(code)" }
        var divisor: Int64 = 1
        for _ in 0..<exponent { divisor *= 10 }
        let fraction = String(abs(amount) % divisor)
        let padded = String(repeating: "0", count: exponent - fraction.count) + fraction
        return "\(amount < 0 ? "-" : "")\(abs(amount) / divisor).\(padded) \(code)"
    }

    private static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    private static let threeDecimal: Set<String> = ["BHD", "JOD", "KWD", "OMR", "TND"]
}
