// What every phone-number input (sender numbers, recipients, 080 opt-out numbers) ignores:
// the separators people type between digits. One set for all three, so a number typed the
// same way is accepted — and normalised to the same digits — everywhere. Anything else
// (letters, `+` outside a recipient's country prefix) is reported, never silently dropped:
// dropping a letter could turn a typo into somebody else's number.
export const PHONE_SEPARATORS = /[\s\-.()]/g;

export function stripSeparators(raw: string): string {
  return raw.replace(PHONE_SEPARATORS, "");
}
