import { CstParser, EOF, type IParserErrorMessageProvider, type TokenType } from "chevrotain";
import * as T from "../lexer/tokens.js";

/** "a price", "'=' or a price", "'fixed', 'from' or '}'". */
export function describeExpected(types: readonly TokenType[]): string {
  const labels = [...new Set(types.map(tokenLabel))];
  if (labels.length <= 1) return labels[0] ?? "nothing";
  return `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

export function tokenLabel(t: TokenType): string {
  if (t === EOF) return "end of file";
  return t.LABEL ?? t.name;
}

/**
 * Chevrotain's messages become the "expected …" half of our AK103 message; the "found …" half is
 * taken from the offending token when the error is converted (parse.ts).
 */
const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) =>
    expected === EOF ? (ruleName === "gpuMappingList" ? "',' or the end of the mapping" : "EOF") : tokenLabel(expected),
  buildNotAllInputParsedMessage: () => "EOF",
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) =>
    describeExpected(expectedPathsPerAlt.flat().map((path) => path[0]!)),
  buildEarlyExitMessage: ({ expectedIterationPaths }) =>
    describeExpected(expectedIterationPaths.map((path) => path[0]!)),
};

/** What chevrotain's in-rule recovery asks for: the tokens that may follow a position in the grammar. */
interface GrammarPath {
  ruleStack: string[];
  occurrenceStack: number[];
  lastTok: TokenType;
  lastTokOccurrence: number;
}

/**
 * Chevrotain walks the grammar again for every recoverable error to find the tokens that may come
 * next; that is a pure function of the grammar position, so it is computed once per position. A
 * hostile file of 25,000 errors otherwise spends seconds walking the same paths.
 */
function memoizeNextTokens(parser: object): void {
  const p = parser as { getNextPossibleTokenTypes(path: GrammarPath): TokenType[] };
  const walk = p.getNextPossibleTokenTypes.bind(parser);
  const cache = new Map<string, TokenType[]>();
  p.getNextPossibleTokenTypes = (path) => {
    const key = `${path.ruleStack.join("/")}|${path.occurrenceStack.join("/")}|${path.lastTok.name}|${path.lastTokOccurrence}`;
    let next = cache.get(key);
    if (!next) cache.set(key, (next = walk(path)));
    return next;
  };
}

/**
 * The grammar only (no actions): pricing files (`pricingFile`) and provider.yaml's
 * GPU mapping string (`gpuMappingList`) share the `gpuKey` rule, so a GPU key
 * means the same in both. Newlines are not significant: every statement starts with a keyword.
 */
export class PricingParser extends CstParser {
  /** `validate`: chevrotain's grammar checks (ambiguity, left recursion, …); a test runs them, start-up skips them. */
  constructor(validate = false) {
    super(T.allTokens, {
      recoveryEnabled: true,
      maxLookahead: 2,
      errorMessageProvider: messageProvider,
      skipValidations: !validate,
    });
    this.performSelfAnalysis();
    memoizeNextTokens(this);
  }

  pricingFile = this.RULE("pricingFile", () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.componentStatement) },
      { ALT: () => this.SUBRULE(this.storageStatement) },
      { ALT: () => this.SUBRULE(this.gpuBlock) },
      { ALT: () => this.SUBRULE(this.aktPriceStatement) },
      { ALT: () => this.SUBRULE(this.denomsStatement) },
      { ALT: () => this.SUBRULE(this.floorStatement) },
      { ALT: () => this.SUBRULE(this.tenantStatement) },
      { ALT: () => this.SUBRULE(this.denyStatement) },
      { ALT: () => this.SUBRULE(this.allowStatement) },
      { ALT: () => this.SUBRULE(this.confidentialStatement) },
      { ALT: () => this.SUBRULE(this.blockTimeStatement) },
    ]);
  });

  /** `cpu 1.60 per thread`, `memory 0.80 per GiB`, `endpoint 0.05`, `ip 5`. */
  componentStatement = this.RULE("componentStatement", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Cpu) },
      { ALT: () => this.CONSUME(T.Memory) },
      { ALT: () => this.CONSUME(T.Endpoint) },
      { ALT: () => this.CONSUME(T.Ip) },
    ]);
    this.CONSUME(T.NumberLiteral);
    this.OPTION(() => this.SUBRULE(this.unit));
  });

  unit = this.RULE("unit", () => {
    this.CONSUME(T.Per);
    this.CONSUME(T.Word);
  });

  /** `storage ephemeral 0.02, hdd 0.01, ssd 0.03, nvme 0.04 per GiB`. */
  storageStatement = this.RULE("storageStatement", () => {
    this.CONSUME(T.Storage);
    this.SUBRULE(this.storagePrice);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.storagePrice);
    });
    this.OPTION(() => this.SUBRULE(this.unit));
  });

  storagePrice = this.RULE("storagePrice", () => {
    this.CONSUME(T.Word);
    this.CONSUME(T.NumberLiteral);
  });

  /** `gpu unmapped=max { a100 120  a100.80Gi 150  * 130 }`. */
  gpuBlock = this.RULE("gpuBlock", () => {
    this.CONSUME(T.Gpu);
    this.OPTION(() => {
      this.CONSUME(T.Unmapped);
      this.CONSUME(T.Equals);
      this.CONSUME(T.Word);
    });
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.gpuEntry));
    this.CONSUME(T.RCurly);
  });

  /** One line of a GPU block: `a100.80Gi 150` (an `=` is allowed: `a100.80Gi = 150`). */
  gpuEntry = this.RULE("gpuEntry", () => {
    this.SUBRULE(this.gpuKey);
    this.OPTION(() => this.CONSUME(T.Equals));
    this.CONSUME(T.NumberLiteral);
  });

  /** `*`, `model`, `model.ram`, `model.interface`, `model.ram.interface` (checked later). */
  gpuKey = this.RULE("gpuKey", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          this.SUBRULE(this.keySegment);
          this.MANY(() => {
            this.CONSUME(T.Dot);
            this.SUBRULE2(this.keySegment);
          });
        },
      },
    ]);
  });

  keySegment = this.RULE("keySegment", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]);
  });

  /**
   * provider.yaml's `a100=120,a100.80Gi=150,t4=80,*=130`. Pairs are optional between commas so
   * that a blank pair is a precise AK105 from the AST builder rather than a parse error.
   */
  gpuMappingList = this.RULE("gpuMappingList", () => {
    this.OPTION(() => this.SUBRULE(this.gpuPair));
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.OPTION2(() => this.SUBRULE2(this.gpuPair));
    });
  });

  gpuPair = this.RULE("gpuPair", () => {
    this.SUBRULE(this.gpuKey);
    this.CONSUME(T.Equals);
    this.CONSUME(T.NumberLiteral);
  });

  /** `akt_price fixed 1.25` or `akt_price from diadata, "URL" path ".price" cache 60m max_age 6h`. */
  aktPriceStatement = this.RULE("aktPriceStatement", () => {
    this.CONSUME(T.AktPrice);
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Fixed);
          this.CONSUME(T.NumberLiteral);
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.From);
          this.SUBRULE(this.aktSource);
          this.MANY(() => {
            this.CONSUME(T.Comma);
            this.SUBRULE2(this.aktSource);
          });
          this.MANY2(() => this.SUBRULE(this.aktCacheSetting));
        },
      },
    ]);
  });

  aktSource = this.RULE("aktSource", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Word) },
      {
        ALT: () => {
          this.CONSUME(T.StringLiteral);
          this.OPTION(() => {
            this.CONSUME(T.Path);
            this.CONSUME2(T.StringLiteral);
          });
        },
      },
    ]);
  });

  aktCacheSetting = this.RULE("aktCacheSetting", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Cache) }, { ALT: () => this.CONSUME(T.MaxAge) }]);
    this.CONSUME(T.Duration);
  });

  /** `denoms uakt, uact, usdc, ibc/…`. */
  denomsStatement = this.RULE("denomsStatement", () => {
    this.CONSUME(T.Denoms);
    this.SUBRULE(this.denom);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.SUBRULE2(this.denom);
    });
  });

  denom = this.RULE("denom", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Word) }, { ALT: () => this.CONSUME(T.IbcDenom) }]);
  });

  /** `floor 0.50`: the monthly minimum in USD. */
  floorStatement = this.RULE("floorStatement", () => {
    this.CONSUME(T.Floor);
    this.CONSUME(T.NumberLiteral);
  });

  /** `tenant akash1… multiplier 0.8`. */
  tenantStatement = this.RULE("tenantStatement", () => {
    this.CONSUME(T.Tenant);
    this.CONSUME(T.Word);
    this.CONSUME(T.Multiplier);
    this.CONSUME(T.NumberLiteral);
  });

  /** `deny akash1…, akash1…` or `deny from "https://…" on_failure open`. */
  denyStatement = this.RULE("denyStatement", () => {
    this.CONSUME(T.Deny);
    this.OR([{ ALT: () => this.SUBRULE(this.ownerSource) }, { ALT: () => this.SUBRULE(this.ownerList) }]);
  });

  /** `allow akash1…, akash1…` or `allow from "https://…" on_failure closed` (provider.yaml's whitelist_url). */
  allowStatement = this.RULE("allowStatement", () => {
    this.CONSUME(T.Allow);
    this.OR([{ ALT: () => this.SUBRULE(this.ownerSource) }, { ALT: () => this.SUBRULE(this.ownerList) }]);
  });

  /** `from "https://…" [on_failure open|closed]`: newline-separated owners fetched over HTTP. */
  ownerSource = this.RULE("ownerSource", () => {
    this.CONSUME(T.From);
    this.CONSUME(T.StringLiteral);
    this.OPTION(() => {
      this.CONSUME(T.OnFailure);
      this.CONSUME(T.Word);
    });
  });

  /** `confidential multiplier 1.5`: the factor for orders that require confidential compute. */
  confidentialStatement = this.RULE("confidentialStatement", () => {
    this.CONSUME(T.Confidential);
    this.CONSUME(T.Multiplier);
    this.CONSUME(T.NumberLiteral);
  });

  /** `block_time 6.174s`: the block time the monthly price is spread over (default 6.117s). */
  blockTimeStatement = this.RULE("blockTimeStatement", () => {
    this.CONSUME(T.BlockTime);
    this.OR([{ ALT: () => this.CONSUME(T.Seconds) }, { ALT: () => this.CONSUME(T.Duration) }]);
  });

  ownerList = this.RULE("ownerList", () => {
    this.CONSUME(T.Word);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      this.CONSUME2(T.Word);
    });
  });
}

/** One parser instance, reused (chevrotain parsers are stateful but cheap to reset). */
export const parser = new PricingParser();
