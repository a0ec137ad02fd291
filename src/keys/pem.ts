/**
 * PEM armour: DER bytes in base64 between `-----BEGIN LABEL-----` and `-----END LABEL-----`.
 * @module
 */

/** Wraps DER bytes as PEM with 64-character lines. */
export function toPem(label: string, der: Uint8Array): string {
  const base64 = der.toBase64();
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The labels of the PEM blocks in `text`, in order. */
export function pemLabels(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((match) => match[1]);
}

/** The DER bytes of the first `label` block in `text`, or `undefined` if there is none or it is not base64. */
export function fromPem(text: string, label: string): Uint8Array<ArrayBuffer> | undefined {
  const match = new RegExp(`-----BEGIN ${label}-----([^-]*)-----END ${label}-----`).exec(text);
  if (match === null) return undefined;
  try {
    return Uint8Array.from(atob(match[1].replace(/\s+/g, "")), (ch) => ch.charCodeAt(0));
  } catch {
    return undefined;
  }
}
