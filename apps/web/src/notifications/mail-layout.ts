/** The HTML frame every e-mail shares: one narrow column, inline styles, no remote resources. */

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every catalog name is admin input: escaped before it goes into markup. */
export const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => escapes[char] ?? char);

export interface DetailRow {
  label: string;
  value: string;
}

/** Label/value pairs as a two-column table (values are escaped here). */
export function detailsTable(rows: readonly DetailRow[]): string {
  const cells = rows
    .map(
      (row) =>
        `<tr><td style="padding:6px 12px 6px 0;color:#475569;white-space:nowrap;vertical-align:top">${escapeHtml(row.label)}</td>` +
        `<td style="padding:6px 0;color:#0f172a;font-weight:600">${escapeHtml(row.value)}</td></tr>`,
    )
    .join('');
  return `<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:16px 0;font-size:15px">${cells}</table>`;
}

/** The call to action: a link styled as a button (brand-700 on white text, AA contrast). */
export const buttonLink = (href: string, label: string) =>
  `<p style="margin:24px 0"><a href="${escapeHtml(href)}" style="display:inline-block;background:#4338ca;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:8px">${escapeHtml(label)}</a></p>`;

/** A complete HTML document around `body` (already markup); `preheader` is the inbox preview. */
export function mailDocument({
  title,
  preheader,
  body,
}: {
  title: string;
  preheader: string;
  body: string;
}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:0;background:#f1f5f9;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#0f172a">
<div style="display:none;max-height:0;overflow:hidden">${escapeHtml(preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;border:1px solid #e2e8f0">
<tr><td style="padding:20px 24px;border-bottom:1px solid #e2e8f0;font-size:18px;font-weight:700;color:#3730a3">Ticketing</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">
${body}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e2e8f0;font-size:13px;color:#475569">You receive this e-mail because of an order placed with this address.</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}
