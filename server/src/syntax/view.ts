/**
 * Text views: a piece of text that a format reader works on, plus the way back to the file.
 *
 * Every reader works on `view.text` (a YAML document, the decoded content of a YAML string
 * holding JSON or user data, a MIME part, a base64-decoded blob...) with offsets into that
 * text, and turns them into file spans with `view.span()`. The view knows how its text is
 * carried in the file, so it also sets `embed` on located values and shapes insertion
 * templates (block-scalar indentation, the file's newline style).
 *
 * Kinds of view:
 * - identity: a slice of the file (`base` + offset);
 * - mapped: decoded text with a per-character offset table (escapes, block indentation);
 * - opaque: text we cannot map character by character (base64, nested encodings), where
 *   every span is the carrier's span and no in-place edit is possible.
 */
import type { Embedding, InsertionPoint, Located, Span } from './model';

export class View {
  private constructor(
    /** The text readers work on. */
    readonly text: string,
    /** The whole file text (for line arithmetic on the file side). */
    readonly src: string,
    /** Identity views: file offset of `text[0]`; mapped views: added to every `starts`/`ends` entry. */
    private readonly base: number,
    /**
     * Mapped views: file offset (less `base`) where char i starts; `starts[text.length]` is the end.
     * Never written after construction, so views may share these arrays (`subarray`).
     */
    private readonly starts: Int32Array | undefined,
    /** Mapped views: file offset (less `base`) just after char i. */
    private readonly ends: Int32Array | undefined,
    /** Opaque views: the carrier's span, used for every located value. */
    readonly whole: Span | undefined,
    readonly embed: Embedding,
    /** Block-scalar carriers: indentation to write after each inserted line break. */
    readonly indent: string,
    /** Newline of the file, used for inserted line breaks in block carriers. */
    readonly nl: string,
    /** Whether inserted text may contain line breaks (not in folded or plain multi-line scalars). */
    readonly newlinesOk: boolean,
  ) {}

  /** The whole file (or a slice of it) as a view. */
  static file(src: string, start = 0, end = src.length, nl = '\n'): View {
    return new View(
      src.slice(start, end),
      src,
      start,
      undefined,
      undefined,
      undefined,
      'plain',
      '',
      nl,
      true,
    );
  }

  /** An identity sub-range of this view (e.g. one MIME part), same carrier. */
  sub(start: number, end: number): View {
    const text = this.text.slice(start, end);
    if (this.whole)
      return new View(text, this.src, 0, undefined, undefined, this.whole, this.embed, '', this.nl, false);
    if (!this.starts) {
      return new View(
        text,
        this.src,
        this.base + start,
        undefined,
        undefined,
        undefined,
        this.embed,
        this.indent,
        this.nl,
        this.newlinesOk,
      );
    }
    // Shared, not copied: a MIME part of a block scalar is a window on the same offsets.
    const starts = this.starts.subarray(start, end + 1);
    const ends = (this.ends ?? this.starts).subarray(start, end + 1);
    return new View(
      text,
      this.src,
      this.base,
      starts,
      ends,
      undefined,
      this.embed,
      this.indent,
      this.nl,
      this.newlinesOk,
    );
  }

  /**
   * A view of decoded text whose characters come from this view's text at `starts[i]` (start)
   * and `ends[i]` (end, exclusive); `starts[text.length]` is where the content ends.
   */
  mapped(
    text: string,
    starts: Int32Array,
    ends: Int32Array,
    embed: Embedding,
    opts: { indent?: string; newlinesOk?: boolean; carrier: Span },
  ): View {
    if (this.whole) return this.opaque(text, opts.carrier);
    const combined = combineEmbed(this.embed, embed);
    if (combined === 'opaque') return this.opaque(text, opts.carrier);
    let base = 0;
    let fileStarts = starts;
    let fileEnds = ends;
    const len = this.text.length;
    if (this.starts || !within(starts, len) || !within(ends, len)) {
      // Decoded text of decoded text: compose the two maps.
      fileStarts = new Int32Array(starts.length);
      fileEnds = new Int32Array(ends.length);
      for (let i = 0; i < starts.length; i++) fileStarts[i] = this.startOf(starts[i] ?? 0);
      for (let i = 0; i < ends.length; i++) fileEnds[i] = this.endOf(ends[i] ?? 0);
    } else {
      // A slice of the file: file offsets are these offsets plus `this.base`, so the decoder's
      // arrays are kept as they are (not copied; nothing writes them afterwards).
      base = this.base;
    }
    return new View(
      text,
      this.src,
      base,
      fileStarts,
      fileEnds,
      undefined,
      combined,
      this.indent + (opts.indent ?? ''),
      this.nl,
      this.newlinesOk && (opts.newlinesOk ?? true),
    );
  }

  /**
   * Text we cannot map back (base64 content, doubly encoded strings): every span is the
   * carrier's span (`carrier`, in this view's offsets) and edits are refused.
   */
  opaque(text: string, carrier: Span, embed: Embedding = 'opaque'): View {
    const whole = this.whole ?? this.span(carrier.start, carrier.end);
    const e = this.whole ? this.embed : embed;
    return new View(text, this.src, 0, undefined, undefined, whole, e, '', this.nl, false);
  }

  /** File offset where char `i` of this view starts. */
  startOf(i: number): number {
    if (this.whole) return this.whole.start;
    const n = clamp(i, this.text.length);
    if (!this.starts) return this.base + n;
    return this.base + (this.starts[n] ?? 0);
  }

  /** File offset just after char `i - 1` (the end of a range ending at `i`). */
  endOf(i: number): number {
    if (this.whole) return this.whole.end;
    const n = clamp(i, this.text.length);
    if (!this.starts) return this.base + n;
    if (n === 0) return this.base + (this.starts[0] ?? 0);
    return this.base + ((this.ends ?? this.starts)[n - 1] ?? 0);
  }

  span(start: number, end: number): Span {
    if (this.whole) return { ...this.whole };
    const s = this.startOf(start);
    const e = end > start ? this.endOf(end) : s;
    return { start: s, end: Math.max(s, e) };
  }

  located<T>(value: T, start: number, end: number): Located<T> {
    const out: Located<T> = { value, span: this.span(start, end) };
    if (this.embed !== 'plain') out.embed = this.embed;
    return out;
  }

  /** `embed` to put on a located value, or undefined for plain text. */
  get embedOrUndefined(): Embedding | undefined {
    return this.embed === 'plain' ? undefined : this.embed;
  }

  /** Removal range: the file span, widened to whole file lines when the view's lines are file lines. */
  removal(start: number, end: number): Span {
    const span = this.span(start, end);
    if (this.whole || (!blockCarrier(this.embed) && this.starts)) return span;
    // Widen to the start of the file line when only indentation precedes.
    let s = span.start;
    while (s > 0 && (this.src[s - 1] === ' ' || this.src[s - 1] === '\t')) s--;
    if (s === 0 || this.src[s - 1] === '\n') span.start = s;
    return span;
  }

  /**
   * An insertion point at `offset` of this view. `template` is written in this view's terms
   * (`\n` line breaks, indentation relative to the view's text); the view adds the carrier's
   * indentation and the file's newline style.
   */
  insertion(offset: number, template: string): InsertionPoint | undefined {
    if (this.whole) return { offset: this.whole.start, template, embed: this.embed };
    const hasNl = template.includes('\n');
    if (hasNl && !this.newlinesOk) return undefined;
    let fileOffset = this.startOf(offset);
    let t = template;
    if (blockCarrier(this.embed) && this.starts) {
      // Block scalar or heredoc content: each inserted line needs the block's indentation.
      const atLineStart = offset === 0 || this.text[offset - 1] === '\n';
      if (atLineStart) {
        // Insert before the line's indentation, which the template then carries.
        let s = fileOffset;
        while (s > 0 && (this.src[s - 1] === ' ' || this.src[s - 1] === '\t')) s--;
        if (s === 0 || this.src[s - 1] === '\n') fileOffset = s;
      }
      const lines = t.split('\n');
      t = lines
        .map((line, i) => {
          const first = i === 0;
          const last = i === lines.length - 1;
          if (last && line === '' && !first) return '';
          if (first && !atLineStart) return line;
          return this.indent + line;
        })
        .join(this.nl);
    } else if (this.embed === 'plain') {
      t = t.replace(/\n/g, this.nl);
    }
    const point: InsertionPoint = { offset: fileOffset, template: t };
    if (this.embed !== 'plain') point.embed = this.embed;
    return point;
  }
}

/** Carriers whose lines are file lines (YAML block scalars, heredocs): inserted lines get their indentation. */
function blockCarrier(embed: Embedding): boolean {
  return embed === 'plain' || embed === 'hcl-heredoc';
}

/** Whether every offset of `a` lies in `[0, len]`. */
function within(a: Int32Array, len: number): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i] ?? 0;
    if (v < 0 || v > len) return false;
  }
  return true;
}

function clamp(i: number, len: number): number {
  return i < 0 ? 0 : i > len ? len : i;
}

function combineEmbed(outer: Embedding, inner: Embedding): Embedding {
  if (outer === 'plain') return inner;
  if (inner === 'plain') return outer;
  return 'opaque';
}
