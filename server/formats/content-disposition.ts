/**
 * Content-Disposition for a download with a Japanese file name (RFC 6266 with RFC 5987 filename*): an
 * ASCII fallback for old clients, the real name UTF-8 percent-encoded.
 */
export function attachment(fileName: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
