import type { CstElement, CstNode, IToken } from "chevrotain";
import type { Span } from "../../diagnostics/diagnostic.js";
import { spanOf, tokenSpan, type LexSource } from "../lexer/lexer.js";
import { DottedName } from "../lexer/tokens.js";
import type {
  AktPriceStatementCstNode,
  AllowStatementCstNode,
  BlockTimeStatementCstNode,
  ConfidentialStatementCstNode,
  DenyStatementCstNode,
  ComponentStatementCstNode,
  DenomsStatementCstNode,
  GpuBlockCstNode,
  GpuEntryCstNode,
  GpuKeyCstNode,
  GpuMappingListCstNode,
  GpuPairCstNode,
  OwnerListCstNode,
  OwnerSourceCstNode,
  PricingFileCstNode,
  StatementCstNode,
  StorageStatementCstNode,
  TenantStatementCstNode,
  UnitCstNode,
} from "../parser/cst.generated.js";
import type * as A from "./nodes.js";

/**
 * CST → AST. Works on partial trees from error recovery: a token chevrotain inserted or never
 * found becomes `undefined`, and a statement that has nothing left is dropped.
 */
export function buildAst(cst: PricingFileCstNode, src: LexSource): A.PricingFile {
  const b = new Builder(src);
  const statements = (cst.children.statement ?? [])
    .map((s) => b.statement(s))
    .filter((s): s is A.Statement => s !== undefined);
  return { span: spanOf(src, 0, src.text.length), statements };
}

/** A GPU mapping string's CST → its entries, blank pairs and trailing comma. */
export function buildGpuMapping(cst: GpuMappingListCstNode, src: LexSource): A.GpuMapping {
  const b = new Builder(src);
  const pairs = cst.children.gpuPair ?? [];
  const commas = (cst.children.Comma ?? []).filter(real);
  // Walk pairs and commas in source order: a comma not preceded by a pair is a blank pair.
  const items = [
    ...pairs.map((p) => ({ pair: p, at: start(p) })),
    ...commas.map((c) => ({ comma: c, at: c.startOffset })),
  ].sort((x, y) => x.at - y.at);
  const entries: A.GpuEntry[] = [];
  const blankPairs: Span[] = [];
  let boundary = 0;
  let afterPair = false;
  for (const item of items) {
    if ("comma" in item && item.comma) {
      if (!afterPair) blankPairs.push(tokenSpan(src, item.comma));
      boundary = item.comma.endOffset! + 1;
      afterPair = false;
    } else if ("pair" in item && item.pair) {
      const entry = b.gpuPair(item.pair, boundary);
      if (entry) entries.push(entry);
      afterPair = true;
    }
  }
  const lastComma = commas[commas.length - 1];
  const trailing =
    !afterPair &&
    lastComma !== undefined &&
    items.length > 1 &&
    !blankPairs.some((s) => s.start === tokenSpan(src, lastComma).start);
  const mapping: A.GpuMapping = { span: spanOf(src, 0, src.text.length), entries, blankPairs };
  if (trailing) mapping.trailingComma = tokenSpan(src, lastComma);
  return mapping;
}

function real(t: IToken | undefined): t is IToken {
  return t !== undefined && !t.isInsertedInRecovery && !Number.isNaN(t.startOffset);
}

function first(ts: IToken[] | undefined): IToken | undefined {
  const t = ts?.[0];
  return real(t) ? t : undefined;
}

function allTokens(node: CstNode): IToken[] {
  const out: IToken[] = [];
  const walk = (e: CstElement) => {
    if ("children" in e) for (const list of Object.values(e.children)) for (const c of list) walk(c);
    else if (real(e)) out.push(e);
  };
  walk(node);
  return out;
}

/** First and last offset of a node's real tokens (a loop: a GPU block may hold 100k entries). */
function extent(node: CstNode): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of allTokens(node)) {
    if (t.startOffset < lo) lo = t.startOffset;
    if (t.endOffset! + 1 > hi) hi = t.endOffset! + 1;
  }
  return lo === Infinity ? undefined : [lo, hi];
}

function start(node: CstNode): number {
  return extent(node)?.[0] ?? Infinity;
}

/** Unquotes a string literal: `"a\"b"` → `a"b` (the lexer reported every other escape, AK108). */
function unquote(image: string): string {
  const body = image.endsWith('"') && image.length > 1 ? image.slice(1, -1) : image.slice(1);
  return body.replace(/\\(["\\])/g, "$1");
}

class Builder {
  constructor(private readonly src: LexSource) {}

  text(t: IToken | undefined, value?: string): A.Text | undefined {
    return t ? { text: value ?? t.image, span: tokenSpan(this.src, t) } : undefined;
  }

  /** A string's value; undefined when it holds an escape the lexer refused (AK108), so nothing else is said about it. */
  str(t: IToken | undefined): A.Text | undefined {
    return t && !/\\[^"\\]/.test(t.image) ? this.text(t, unquote(t.image)) : undefined;
  }

  span(node: CstNode): Span {
    const at = extent(node);
    return at ? spanOf(this.src, at[0], at[1]) : spanOf(this.src, 0, 0);
  }

  statement(s: StatementCstNode): A.Statement | undefined {
    const c = s.children;
    if (c.componentStatement?.[0]) return this.component(c.componentStatement[0]);
    if (c.storageStatement?.[0]) return this.storage(c.storageStatement[0]);
    if (c.gpuBlock?.[0]) return this.gpuBlock(c.gpuBlock[0]);
    if (c.aktPriceStatement?.[0]) return this.aktPrice(c.aktPriceStatement[0]);
    if (c.denomsStatement?.[0]) return this.denoms(c.denomsStatement[0]);
    if (c.floorStatement?.[0]) {
      const f = c.floorStatement[0];
      const keyword = this.text(first(f.children.Floor));
      return (
        keyword && { kind: "floor", span: this.span(f), keyword, price: this.text(first(f.children.NumberLiteral)) }
      );
    }
    if (c.tenantStatement?.[0]) return this.tenant(c.tenantStatement[0]);
    if (c.denyStatement?.[0]) return this.ownerStatement(c.denyStatement[0], "deny");
    if (c.allowStatement?.[0]) return this.ownerStatement(c.allowStatement[0], "allow");
    if (c.confidentialStatement?.[0]) return this.confidential(c.confidentialStatement[0]);
    if (c.blockTimeStatement?.[0]) return this.blockTime(c.blockTimeStatement[0]);
    return undefined;
  }

  component(n: ComponentStatementCstNode): A.ComponentStatement | undefined {
    const c = n.children;
    const kw = first(c.Cpu) ?? first(c.Memory) ?? first(c.Endpoint) ?? first(c.Ip);
    const keyword = this.text(kw);
    if (!keyword) return undefined;
    return {
      kind: "component",
      component: keyword.text as A.Component,
      span: this.span(n),
      keyword,
      price: this.text(first(c.NumberLiteral)),
      unit: this.unit(c.unit?.[0]),
    };
  }

  unit(n: UnitCstNode | undefined): A.Text | undefined {
    return n && this.text(first(n.children.Word));
  }

  storage(n: StorageStatementCstNode): A.StorageStatement | undefined {
    const keyword = this.text(first(n.children.Storage));
    if (!keyword) return undefined;
    const prices = (n.children.storagePrice ?? []).map((p) => ({
      span: this.span(p),
      storageClass: this.text(first(p.children.Word)),
      price: this.text(first(p.children.NumberLiteral)),
    }));
    return { kind: "storage", span: this.span(n), keyword, prices, unit: this.unit(n.children.unit?.[0]) };
  }

  gpuBlock(n: GpuBlockCstNode): A.GpuBlock | undefined {
    const keyword = this.text(first(n.children.Gpu));
    if (!keyword) return undefined;
    const entries = (n.children.gpuEntry ?? [])
      .map((e) => this.gpuEntry(e))
      .filter((e): e is A.GpuEntry => e !== undefined);
    return { kind: "gpu", span: this.span(n), keyword, policy: this.text(first(n.children.Word)), entries };
  }

  gpuEntry(n: GpuEntryCstNode): A.GpuEntry | undefined {
    const key = this.gpuKey(n.children.gpuKey?.[0]);
    return key && { span: this.span(n), key, price: this.text(first(n.children.NumberLiteral)) };
  }

  /** `boundary`: where this pair's text starts (after the previous comma), for the raw key. */
  gpuPair(n: GpuPairCstNode, boundary: number): A.GpuEntry | undefined {
    const key = this.gpuKey(n.children.gpuKey?.[0]);
    if (!key) return undefined;
    const eq = first(n.children.Equals);
    if (eq) {
      const raw = this.src.text.slice(boundary, eq.startOffset);
      if (raw !== key.text) key.raw = raw;
    }
    return { span: this.span(n), key, price: this.text(first(n.children.NumberLiteral)) };
  }

  gpuKey(n: GpuKeyCstNode | undefined): A.GpuKey | undefined {
    if (!n) return undefined;
    const star = first(n.children.Star);
    if (star) return { span: tokenSpan(this.src, star), text: "*", wildcard: true, segments: [] };
    const segments = (n.children.keySegment ?? []).flatMap((s) =>
      this.segments(first(s.children.Word) ?? first(s.children.NumberLiteral)),
    );
    if (segments.length === 0) return undefined;
    return { span: this.span(n), text: segments.map((s) => s.text).join("."), wildcard: false, segments };
  }

  /** A key segment's token; `4090.24Gi` (one DottedName token) is two segments, `4090` and `24Gi`. */
  segments(t: IToken | undefined): A.Text[] {
    if (!t) return [];
    if (t.tokenType !== DottedName) return [this.text(t)!];
    const out: A.Text[] = [];
    let at = 0;
    for (const part of t.image.split(".")) {
      out.push({ text: part, span: spanOf(this.src, t.startOffset + at, t.startOffset + at + part.length) });
      at += part.length + 1;
    }
    return out;
  }

  aktPrice(n: AktPriceStatementCstNode): A.AktPriceStatement | undefined {
    const c = n.children;
    const keyword = this.text(first(c.AktPrice));
    if (!keyword) return undefined;
    const sources = (c.aktSource ?? []).map((s) => {
      const [url, path] = (s.children.StringLiteral ?? []).filter(real);
      return { span: this.span(s), name: this.text(first(s.children.Word)), url: this.str(url), path: this.str(path) };
    });
    const settings = (c.aktCacheSetting ?? []).flatMap((s) => {
      const kw = first(s.children.Cache) ?? first(s.children.MaxAge);
      const text = this.text(kw);
      if (!kw || !text) return [];
      const setting: A.AktCacheSetting["setting"] = kw.tokenType.name === "Cache" ? "cache" : "max_age";
      return [{ span: this.span(s), setting, keyword: text, duration: this.text(first(s.children.Duration)) }];
    });
    return {
      kind: "akt_price",
      span: this.span(n),
      keyword,
      fixed: this.text(first(c.Fixed) && first(c.NumberLiteral)),
      sources,
      settings,
    };
  }

  denoms(n: DenomsStatementCstNode): A.DenomsStatement | undefined {
    const keyword = this.text(first(n.children.Denoms));
    if (!keyword) return undefined;
    const denoms = (n.children.denom ?? [])
      .map((d) => this.text(first(d.children.Word) ?? first(d.children.IbcDenom)))
      .filter((t): t is A.Text => t !== undefined);
    return { kind: "denoms", span: this.span(n), keyword, denoms };
  }

  tenant(n: TenantStatementCstNode): A.TenantStatement | undefined {
    const c = n.children;
    const keyword = this.text(first(c.Tenant));
    if (!keyword) return undefined;
    return {
      kind: "tenant",
      span: this.span(n),
      keyword,
      owner: this.text(first(c.Word)),
      multiplier: this.text(first(c.NumberLiteral)),
    };
  }

  owners(n: OwnerListCstNode | undefined): A.Text[] {
    return (n?.children.Word ?? []).filter(real).map((t) => this.text(t)!);
  }

  /** `allow …`/`deny …`: a list of owners, or `from "URL" [on_failure open|closed]`. */
  ownerStatement(n: AllowStatementCstNode | DenyStatementCstNode, kind: "allow" | "deny"): A.Statement | undefined {
    const c = n.children;
    const keyword = this.text(first("Allow" in c ? c.Allow : c.Deny));
    if (!keyword) return undefined;
    const src: OwnerSourceCstNode | undefined = c.ownerSource?.[0];
    if (src) {
      const onFailure = first(src.children.OnFailure) && this.text(first(src.children.Word));
      return {
        kind: `${kind}_from`,
        span: this.span(n),
        keyword,
        url: this.str(first(src.children.StringLiteral)),
        onFailure,
      };
    }
    return { kind, span: this.span(n), keyword, owners: this.owners(c.ownerList?.[0]) };
  }

  confidential(n: ConfidentialStatementCstNode): A.ConfidentialStatement | undefined {
    const keyword = this.text(first(n.children.Confidential));
    return (
      keyword && {
        kind: "confidential",
        span: this.span(n),
        keyword,
        multiplier: this.text(first(n.children.NumberLiteral)),
      }
    );
  }

  blockTime(n: BlockTimeStatementCstNode): A.BlockTimeStatement | undefined {
    const keyword = this.text(first(n.children.BlockTime));
    return (
      keyword && {
        kind: "block_time",
        span: this.span(n),
        keyword,
        time: this.text(first(n.children.Seconds) ?? first(n.children.Duration)),
      }
    );
  }
}
