import { Lexer } from "chevrotain";
import { expect, test } from "vitest";
import { lexerDefinition } from "../../src/pricing/lexer/tokens.js";
import { PricingParser } from "../../src/pricing/parser/parser.js";

// The CLI builds the lexer and the parser without chevrotain's validations (start-up time); they run here.
test("the token definitions pass chevrotain's lexer validations", () => {
  const lexer = new Lexer(lexerDefinition, { positionTracking: "full", ensureOptimizations: false });
  expect(lexer.lexerDefinitionErrors).toEqual([]);
});

test("the grammar passes chevrotain's grammar validations", () => {
  expect(() => new PricingParser(true)).not.toThrow();
});
