/**
 * The limits the gateway's OpinionTemplateTextDto puts on a phrase (Length(1, 500), not blank),
 * checked here as the CIO types; test/unit/phrase-rules.test.ts keeps them equal to the API's.
 */
export const PHRASE_MIN_LENGTH = 1;
export const PHRASE_MAX_LENGTH = 500;

/** Characters as the server counts them: a character outside the BMP (an emoji, a rare hanzi) is one. */
export function phraseLength(text: string): number {
  return [...text].length;
}
