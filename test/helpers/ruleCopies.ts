// What the tests of the console's rule copies share: messy phone-number inputs, and the
// fields the gateway's own validator names for an input, to compare the copies with.
import { ValidationError } from "../../src/domain/errors.ts";

/** Phone-number inputs a form meets: blanks, separators, too short or long, letters, `+`, full-width digits. */
export const MESSY_NUMBERS = [
  "",
  "   ",
  "010-1234-5678",
  "(02) 123.4567",
  "0212345",
  "021234567890",
  "0212345678901",
  "+821012345678",
  "010-12ab-5678",
  "１２３４５６７８",
];

/** The fields the gateway's validator names, or [] when it accepts. */
export function domainFields(fn: () => unknown): string[] {
  try {
    fn();
    return [];
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    return [...new Set(e.issues.map((i) => i.path.join(".")))].sort();
  }
}
