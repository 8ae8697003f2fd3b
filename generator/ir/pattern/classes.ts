// Named character classes of Java patterns (POSIX, Java-specific, Unicode binary properties and
// categories) as the contents of a JavaScript bracket expression under the `u` flag.

/** A construct with no JavaScript equivalent: the pattern is left to the service. */
export class Unsupported extends Error {}

// POSIX and Java-specific classes, as the contents of a bracket expression (ASCII, as the
// service engine defines them without UNICODE_CHARACTER_CLASS).
export const POSIX: Readonly<Record<string, string>> = {
  Lower: "a-z",
  Upper: "A-Z",
  ASCII: "\\x00-\\x7F",
  Alpha: "A-Za-z",
  Digit: "0-9",
  Alnum: "A-Za-z0-9",
  Punct: "!-\\/:-@\\[-`{-~",
  Graph: "!-~",
  Print: " -~",
  Blank: " \\t",
  Cntrl: "\\x00-\\x1F\\x7F",
  XDigit: "0-9A-Fa-f",
  Space: " \\t\\n\\x0B\\f\\r",
  L1: "\\x00-\\xFF",
  all: "\\s\\S",
  LD: "\\p{L}\\p{Nd}",
  javaLowerCase: "\\p{Ll}",
  javaUpperCase: "\\p{Lu}",
  javaWhitespace: "\\t-\\r\\x1C-\\x1F\\p{Zs}\\u2028\\u2029",
  javaLetter: "\\p{L}",
  javaDigit: "\\p{Nd}",
  javaLetterOrDigit: "\\p{L}\\p{Nd}",
  javaAlphabetic: "\\p{Alphabetic}",
};

// Java's `Is` binary properties with their JavaScript names.
export const BINARY: Readonly<Record<string, string>> = {
  alphabetic: "Alphabetic",
  whitespace: "White_Space",
  white_space: "White_Space",
  ideographic: "Ideographic",
  letter: "L",
  lowercase: "Lowercase",
  uppercase: "Uppercase",
  titlecase: "Lt",
  digit: "Nd",
  punctuation: "P",
  control: "Cc",
  hex_digit: "Hex_Digit",
  hexdigit: "Hex_Digit",
  noncharacter_code_point: "Noncharacter_Code_Point",
  assigned: "Assigned",
  emoji: "Emoji",
};

export const CATEGORIES = new Set(
  "L Lu Ll Lt LC Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So Z Zs Zl Zp C Cc Cf Cs Co Cn".split(" "),
);

/** A `\p{...}` body as bracket-expression contents, and whether that is one JS property escape. */
export function property(name: string, negated: boolean): { body: string; single: boolean } {
  // Own keys only: `\p{constructor}` must not find Object.prototype's members.
  const lookup = (table: Readonly<Record<string, string>>, key: string) => (Object.hasOwn(table, key) ? table[key] : undefined);
  const posix = lookup(POSIX, name) ?? (name.startsWith("Is") ? lookup(POSIX, name.slice(2)) : undefined);
  if (posix !== undefined) return { body: posix, single: false };
  const p = negated ? "P" : "p";
  const bare = name.startsWith("Is")
    ? name.slice(2)
    : name.startsWith("general_category=")
      ? name.slice(17)
      : name.startsWith("gc=")
        ? name.slice(3)
        : name;
  if (CATEGORIES.has(bare)) return { body: `\\${p}{${bare}}`, single: true };
  const binary = lookup(BINARY, bare.toLowerCase());
  if (binary !== undefined) return { body: `\\${p}{${binary}}`, single: true };
  const script = /^(?:script=|sc=)(\w+)$/i.exec(name) ?? (name.startsWith("Is") ? /^Is([A-Z][a-z]+)$/.exec(name) : null);
  if (script) {
    try {
      new RegExp(`\\p{Script=${script[1]}}`, "u");
      return { body: `\\${p}{Script=${script[1]}}`, single: true };
    } catch {
      throw new Unsupported(`unknown script ${script[1]}`);
    }
  }
  throw new Unsupported(`the character property \\p{${name}} has no JavaScript equivalent`);
}
