/**
 * A safe arithmetic evaluator: a recursive-descent parser over numbers, + - * / % ^, parentheses,
 * a few functions and constants. It never reaches `eval` or `Function`, so input cannot run code.
 */
const FUNCTIONS: Record<string, (...values: number[]) => number> = {
  sqrt: Math.sqrt,
  abs: Math.abs,
  round: Math.round,
  floor: Math.floor,
  ceil: Math.ceil,
  ln: Math.log,
  log: Math.log10,
  exp: Math.exp,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  min: Math.min,
  max: Math.max,
};
const CONSTANTS: Record<string, number> = { pi: Math.PI, e: Math.E };
const MAX_LENGTH = 500;
const MAX_DEPTH = 50;

/** Evaluates an arithmetic expression; throws an Error with a readable message on anything else. */
export function evaluateExpression(source: string): number {
  if (source.length > MAX_LENGTH) throw new Error(`expression is longer than ${MAX_LENGTH} characters`);
  const tokens = tokenize(
    source
      .replace(/×/g, '*')
      .replace(/÷/g, '/')
      .replace(/,(?=\d{3}\b)/g, ''),
  );
  let position = 0;
  let depth = 0;
  const peek = () => tokens[position];
  const take = () => tokens[position++];
  const expect = (value: string) => {
    if (take() !== value) throw new Error(`expected "${value}"`);
  };

  const expression = (): number => {
    let value = term();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + term() : value - term();
    return value;
  };
  const term = (): number => {
    let value = unary();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const operator = take();
      const right = unary();
      if ((operator === '/' || operator === '%') && right === 0) throw new Error('division by zero');
      value = operator === '*' ? value * right : operator === '/' ? value / right : value % right;
    }
    return value;
  };
  const unary = (): number => {
    if (peek() === '-' || peek() === '+') return take() === '-' ? -unary() : unary();
    return power();
  };
  const power = (): number => {
    const base = primary();
    // Right-associative: 2^3^2 is 2^(3^2).
    return peek() === '^' ? (take(), base ** unary()) : base;
  };
  const primary = (): number => {
    if (++depth > MAX_DEPTH) throw new Error('expression is nested too deeply');
    try {
      const token = take();
      if (token === undefined) throw new Error('unexpected end of expression');
      if (/^\d/.test(token) || token.startsWith('.')) return Number(token);
      if (token === '(') {
        const value = expression();
        expect(')');
        return value;
      }
      const name = token.toLowerCase();
      // Own properties only: "constructor" must not reach Object's prototype.
      const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (fn) {
        expect('(');
        const args = [expression()];
        while (peek() === ',') {
          take();
          args.push(expression());
        }
        expect(')');
        return fn(...args);
      }
      const constant = Object.hasOwn(CONSTANTS, name) ? CONSTANTS[name] : undefined;
      if (constant !== undefined) return constant;
      throw new Error(`unknown symbol "${token}"`);
    } finally {
      depth -= 1;
    }
  };

  const value = expression();
  if (position < tokens.length) throw new Error(`unexpected "${peek() ?? ''}"`);
  if (!Number.isFinite(value)) throw new Error('the result is not a finite number');
  return value;
}

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+|[A-Za-z_]+|\*\*|[-+*/%^(),])/gy;
  let match: RegExpExecArray | null;
  let index = 0;
  while (index < source.length) {
    pattern.lastIndex = index;
    match = pattern.exec(source);
    if (!match?.[1]) {
      if (/^\s*$/.test(source.slice(index))) break;
      throw new Error(`unexpected character "${source.slice(index).trim().charAt(0)}"`);
    }
    tokens.push(match[1] === '**' ? '^' : match[1]);
    index = pattern.lastIndex;
  }
  return tokens;
}

/** The first arithmetic expression in free text ("what is 12 * (3 + 4)?"), if any. */
export function findExpression(text: string): string | undefined {
  const match =
    /(?:\b(?:sqrt|abs|round|min|max|ln|log|exp)\s*\()?[-(]*\s*\d[\d.,\s]*(?:\s*(?:[-+*/%^×÷]|\*\*)\s*[-(]*\s*\d[\d.,]*\s*\)*)+/i.exec(
      text,
    );
  return match?.[0].trim();
}
