// Counts the elements and text runs of XML bytes in one pass, without parsing them (a limit is checked before mammoth parses).

export interface XmlCount {
  elements: number;
  /** Elements named `r` in any namespace: Word's text runs (w:r), and math runs (m:r). */
  runs: number;
  /** A DOCTYPE: Word never writes one, and its entities are how an XML file expands. */
  doctype: boolean;
}

const LT = 0x3c;
const isNameStart = (c: number) =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
const ends = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3e || c === 0x2f;
const DOCTYPE = [...'!DOCTYPE'].map((ch) => ch.charCodeAt(0));

export function countXml(
  xml: Uint8Array,
  into: XmlCount = { elements: 0, runs: 0, doctype: false },
): XmlCount {
  const n = xml.length;
  for (let i = xml.indexOf(LT); i >= 0 && i < n - 1; i = xml.indexOf(LT, i + 1)) {
    const c = xml[i + 1];
    if (isNameStart(c)) {
      into.elements++;
      // The local name is what follows the last ':' of the tag name.
      let j = i + 1;
      let local = j;
      while (j < n && !ends(xml[j])) {
        if (xml[j] === 0x3a) local = j + 1;
        j++;
      }
      if (j - local === 1 && xml[local] === 0x72) into.runs++;
    } else if (c === 0x21 && DOCTYPE.every((b, k) => xml[i + 1 + k] === b)) {
      into.doctype = true;
    }
  }
  return into;
}
