import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PHRASE_MAX_LENGTH, PHRASE_MIN_LENGTH, phraseLength } from '../../apps/web/src/features/console/phrase-rules';

describe('the opinion phrase limits the department console checks as the CIO types', () => {
  test('are the limits the API document gives for a phrase', () => {
    const document = JSON.parse(readFileSync(join(__dirname, '../../apps/web/src/api/openapi.json'), 'utf8'));
    const text = document.components.schemas.OpinionTemplateTextDto.properties.text;
    expect({ min: PHRASE_MIN_LENGTH, max: PHRASE_MAX_LENGTH }).toEqual({ min: text.minLength, max: text.maxLength });
  });

  test('count a character outside the basic plane once, as the server does', () => {
    expect(phraseLength('同意𠮷👍')).toBe(4);
  });
});
