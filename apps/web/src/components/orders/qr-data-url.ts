import QRCode from 'qrcode';

/**
 * A ticket code as an SVG QR image (data: URL): sharp at any print size, made the same way on the
 * server (first render) and in the browser (an order confirmed while the page was open).
 */
export async function qrDataUrl(code: string): Promise<string> {
  const svg = await QRCode.toString(code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The QR images of several codes, keyed by code. */
export async function qrDataUrls(codes: readonly string[]): Promise<Record<string, string>> {
  const urls = await Promise.all(codes.map(qrDataUrl));
  return Object.fromEntries(codes.map((code, index) => [code, urls[index] ?? '']));
}
