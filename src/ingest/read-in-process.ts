// The Workers way of reading a document (package.json "#parse-document", "workerd" condition): workerd has no
// threads, so it is read in-process, within the same limits on inflated bytes, entries, XML and characters;
// the platform's own CPU and memory limits per request stand in for the parse process's deadline and heap.
import type { ReportFormat } from '../domain.ts';
import { type DocumentText, parseBytes } from './parse-bytes.ts';

export function parseDocument(format: ReportFormat, name: string, bytes: Uint8Array): Promise<DocumentText> {
  return parseBytes(format, name, bytes);
}
