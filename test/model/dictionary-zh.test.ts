/** Every table the 数据字典 page lists has its grain and purpose in Chinese (issue 17). */
import { describe, expect, it } from 'vitest';
import { DICTIONARY_TABLES } from '../../transforms/dictionary.js';
import { TABLE_ZH } from '../../transforms/dictionary-zh.js';

describe('数据字典 in Chinese', () => {
  it('names every dictionary table’s grain and purpose in Chinese, and no table it does not list', () => {
    for (const t of DICTIONARY_TABLES) {
      expect(TABLE_ZH[t]?.grain, t).toMatch(/\p{Script=Han}/u);
      expect(TABLE_ZH[t]?.description, t).toMatch(/\p{Script=Han}/u);
      // no English words (the metrics' own abbreviations DSO and CEI excepted)
      expect(`${TABLE_ZH[t].grain}${TABLE_ZH[t].description}`.replace(/DSO|CEI/g, ''), t).not.toMatch(/[a-z]{3,}/i);
    }
    expect(Object.keys(TABLE_ZH).sort()).toEqual([...DICTIONARY_TABLES].sort());
  });
});
