/** Latin1 bytes as a single-quoted JS string literal, ready to paste into a corpus row. */
export function jsString(text: string): string {
  let out = "'";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = text[i];
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (code === 0x0d) out += '\\r';
    else if (code === 0x0a) out += '\\n';
    else if (code === 0x09) out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0xff)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code > 0xff) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return out + "'";
}
