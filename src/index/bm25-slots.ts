// The paragraphs of a Bm25Index by slot: id, token count and filter fields in growable typed arrays. After a load the
// file's arrays are used in place (ids through a StringTable, each report's and office's slots from the file's lists),
// so opening a library builds nothing per paragraph; the first change copies what it needs.
import type { SectionKind } from '../domain.ts';
import type { VectorFilter, VectorMetadata } from '../ports.ts';
import type { StringTable } from './string-table.ts';

export const NULL_YEAR = -2147483648;

/** Int32 arrays of our own or over a file's bytes. */
type Ints = Int32Array<ArrayBufferLike>;

/** Slots per key as one array: key k's slots are slots[starts[k]..starts[k + 1]), ascending. */
export interface SlotLists {
  starts: Int32Array;
  slots: Int32Array;
}

/** A saved index's paragraphs as its file holds them (bm25-snapshot.ts); slot i is paragraph i. */
export interface SavedSlots {
  ids: StringTable;
  lengths: Int32Array;
  docs: Int32Array;
  orgs: Int32Array;
  years: Int32Array;
  sections: Int32Array;
  docNames: string[];
  orgNames: string[];
  sectionNames: string[];
  byDocument: SlotLists;
  byOrg: SlotLists;
}

/** A filter as codes of this table (-2: a value no paragraph has; undefined: not filtered on). */
export interface FilterCodes {
  doc?: number;
  org?: number;
  year?: number;
  section?: number;
}

/** Interned strings: index by string and string by index. */
class Names {
  readonly index = new Map<string, number>();
  constructor(readonly list: string[] = []) {
    list.forEach((s, i) => this.index.set(s, i));
  }
  code(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) this.index.set(s, (i = this.list.push(s) - 1));
    return i;
  }
  find(s: string): number {
    return this.index.get(s) ?? -2;
  }
}

export class SlotTable {
  /** Slots in use (live or removed); slots below `savedCount` are the file's. */
  private n = 0;
  private live = 0;
  totalLength = 0;
  lengths: Ints = new Int32Array(16);
  private docs: Ints = new Int32Array(16);
  private orgs: Ints = new Int32Array(16);
  private years: Ints = new Int32Array(16);
  private sections: Ints = new Int32Array(16);
  private dead = new Uint8Array(16);
  private docNames = new Names();
  private orgNames = new Names();
  private sectionNames = new Names();
  private saved: StringTable | null = null;
  private savedCount = 0;
  private savedScopes: { byDocument: SlotLists; byOrg: SlotLists } | null = null;
  /** Ids of the slots added since the load (the file's ids are looked up in its table). */
  private readonly added: string[] = [];
  private readonly addedSlot = new Map<string, number>();
  /** Each office's and report's slots, made from the file's lists at the first change (until then those are read). */
  private byOrg = new Map<string, number[]>();
  private byDocument = new Map<string, number[]>();

  static fromSaved(s: SavedSlots): SlotTable {
    const t = new SlotTable();
    const n = s.lengths.length;
    t.n = t.live = t.savedCount = n;
    t.saved = s.ids;
    // Views into the file's bytes until the first change copies them (grow).
    t.lengths = s.lengths;
    t.docs = s.docs;
    t.orgs = s.orgs;
    t.years = s.years;
    t.sections = s.sections;
    t.dead = new Uint8Array(n);
    t.docNames = new Names(s.docNames);
    t.orgNames = new Names(s.orgNames);
    t.sectionNames = new Names(s.sectionNames);
    t.savedScopes = { byDocument: s.byDocument, byOrg: s.byOrg };
    for (let i = 0; i < n; i++) t.totalLength += s.lengths[i];
    return t;
  }

  /** Slots in use, removed ones included (the size of per-slot scratch arrays). */
  get slots(): number {
    return this.n;
  }

  /** Live paragraphs. */
  get size(): number {
    return this.live;
  }

  isLive(slot: number): boolean {
    return this.dead[slot] === 0;
  }

  idAt(slot: number): string | null {
    if (this.dead[slot] !== 0) return null;
    return slot < this.savedCount ? this.saved!.at(slot) : this.added[slot - this.savedCount];
  }

  /** The live slot of `id`, or -1. */
  slotOf(id: string): number {
    const a = this.addedSlot.get(id);
    if (a !== undefined) return a;
    const s = this.saved ? this.saved.find(id) : -1;
    return s >= 0 && this.dead[s] === 0 ? s : -1;
  }

  metaAt(slot: number): VectorMetadata | null {
    if (this.dead[slot] !== 0) return null;
    const org = this.orgs[slot];
    const year = this.years[slot];
    return {
      documentId: this.docNames.list[this.docs[slot]],
      orgKey: org < 0 ? null : this.orgNames.list[org],
      year: year === NULL_YEAR ? null : year,
      section: this.sectionNames.list[this.sections[slot]] as SectionKind,
    };
  }

  /** A new slot for `id` (not live: the caller removes it first). */
  add(id: string, length: number, meta: VectorMetadata): number {
    this.materialize();
    if (this.n === this.lengths.length) this.grow(this.n * 2);
    const slot = this.n++;
    this.live++;
    this.added.push(id);
    this.addedSlot.set(id, slot);
    this.lengths[slot] = length;
    this.dead[slot] = 0;
    this.setFields(slot, meta);
    this.totalLength += length;
    if (meta.orgKey) push(this.byOrg, meta.orgKey, slot);
    push(this.byDocument, meta.documentId, slot);
    return slot;
  }

  /** Marks the paragraph removed; its slot stays in the postings and scopes until compaction. Returns it, or -1. */
  remove(id: string): number {
    const slot = this.slotOf(id);
    if (slot < 0) return -1;
    this.addedSlot.delete(id);
    this.dead[slot] = 1;
    this.live--;
    this.totalLength -= this.lengths[slot];
    return slot;
  }

  /** New filter fields for live slots (tokens stay); scopes follow. */
  setMetadata(changes: { slot: number; meta: VectorMetadata }[]): void {
    this.materialize();
    const leaving = { org: new Map<string, Set<number>>(), doc: new Map<string, Set<number>>() };
    const leave = (m: Map<string, Set<number>>, key: string, slot: number) =>
      (m.get(key) ?? m.set(key, new Set()).get(key)!).add(slot);
    for (const { slot, meta } of changes) {
      const old = this.metaAt(slot)!;
      if (old.orgKey !== meta.orgKey) {
        if (old.orgKey) leave(leaving.org, old.orgKey, slot);
        if (meta.orgKey) push(this.byOrg, meta.orgKey, slot);
      }
      if (old.documentId !== meta.documentId) {
        leave(leaving.doc, old.documentId, slot);
        push(this.byDocument, meta.documentId, slot);
      }
      this.setFields(slot, meta);
    }
    for (const [key, slots] of leaving.org) unlist(this.byOrg, key, slots);
    for (const [key, slots] of leaving.doc) unlist(this.byDocument, key, slots);
  }

  /** The slots a report (documentId) or office (orgKey) filter scopes a search to, or null when it scopes none. */
  scope(filter: VectorFilter | undefined): ArrayLike<number> | null {
    if (filter?.documentId !== undefined) return this.listed('doc', filter.documentId);
    if (filter?.orgKey) return this.listed('org', filter.orgKey);
    return null;
  }

  codes(filter: VectorFilter): FilterCodes {
    const c: FilterCodes = {};
    if (filter.documentId !== undefined) c.doc = this.docNames.find(filter.documentId);
    if (filter.orgKey !== undefined) c.org = filter.orgKey === null ? -1 : this.orgNames.find(filter.orgKey);
    if (filter.year !== undefined) c.year = filter.year === null ? NULL_YEAR : filter.year;
    if (filter.section !== undefined) c.section = this.sectionNames.find(filter.section);
    return c;
  }

  accepts(slot: number, c: FilterCodes): boolean {
    return (
      (c.doc === undefined || this.docs[slot] === c.doc) &&
      (c.org === undefined || this.orgs[slot] === c.org) &&
      (c.year === undefined || this.years[slot] === c.year) &&
      (c.section === undefined || this.sections[slot] === c.section)
    );
  }

  /** The live slots in order, as a new table (slot i of it is the i-th live slot here), and where each slot went. */
  compacted(): { table: SlotTable; remap: Int32Array } {
    const remap = new Int32Array(this.n).fill(-1);
    const table = new SlotTable();
    for (let s = 0; s < this.n; s++) {
      if (this.dead[s] !== 0) continue;
      remap[s] = table.add(this.idAt(s)!, this.lengths[s], this.metaAt(s)!);
    }
    return { table, remap };
  }

  private listed(kind: 'doc' | 'org', key: string): ArrayLike<number> {
    if (this.savedScopes) {
      const k = kind === 'doc' ? this.docNames.find(key) : this.orgNames.find(key);
      const { starts, slots } = kind === 'doc' ? this.savedScopes.byDocument : this.savedScopes.byOrg;
      return k < 0 || k + 1 >= starts.length ? [] : slots.subarray(starts[k], starts[k + 1]);
    }
    return (kind === 'doc' ? this.byDocument : this.byOrg).get(key) ?? [];
  }

  private setFields(slot: number, meta: VectorMetadata): void {
    this.docs[slot] = this.docNames.code(meta.documentId);
    this.orgs[slot] = meta.orgKey === null ? -1 : this.orgNames.code(meta.orgKey);
    this.years[slot] = meta.year === null ? NULL_YEAR : meta.year;
    this.sections[slot] = this.sectionNames.code(meta.section);
  }

  /** Before the first change after a load: own copies of the columns and the scope lists as maps. */
  private materialize(): void {
    if (!this.savedScopes) return;
    this.grow(Math.max(16, this.n * 2));
    for (const [kind, lists] of [
      ['doc', this.savedScopes.byDocument],
      ['org', this.savedScopes.byOrg],
    ] as const) {
      const names = kind === 'doc' ? this.docNames.list : this.orgNames.list;
      const map = kind === 'doc' ? this.byDocument : this.byOrg;
      for (let k = 0; k + 1 < lists.starts.length; k++)
        if (lists.starts[k + 1] > lists.starts[k])
          map.set(names[k], Array.from(lists.slots.subarray(lists.starts[k], lists.starts[k + 1])));
    }
    this.savedScopes = null;
  }

  private grow(size: number): void {
    const to = <T extends Ints | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a.subarray(0, this.n));
      return b;
    };
    const int = (n: number) => new Int32Array(n);
    this.lengths = to(this.lengths, int);
    this.docs = to(this.docs, int);
    this.orgs = to(this.orgs, int);
    this.years = to(this.years, int);
    this.sections = to(this.sections, int);
    this.dead = to(this.dead, (n) => new Uint8Array(n));
  }
}

function push(map: Map<string, number[]>, key: string, slot: number): void {
  const list = map.get(key);
  if (list) list.push(slot);
  else map.set(key, [slot]);
}

function unlist(map: Map<string, number[]>, key: string, slots: Set<number>): void {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((s) => !slots.has(s));
  if (rest.length) map.set(key, rest);
  else map.delete(key);
}
