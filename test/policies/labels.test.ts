/** The rules page names every parameter and field in Chinese (issue 17): a kind that declares one without a name fails here. */
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../transforms/policies/kinds/index.js';
import { clauseText, FIELD_LABELS, PARAMETER_LABELS } from '../../transforms/policies/labels.js';

describe('rules page labels', () => {
  it('every parameter of every kind, and every field of a table parameter, has a Chinese name', () => {
    for (const kind of Object.values(KINDS)) {
      for (const [key, p] of Object.entries(kind.params)) {
        expect(PARAMETER_LABELS[key], `${kind.kind}.${key}`).toMatch(/\p{Script=Han}/u);
        if (p.spec.type !== 'table') continue;
        // a field named in Chinese (the scorecard's ratings 优秀, 良好 …) is its own label
        for (const field of Object.keys(p.spec.fields)) {
          if (!/\p{Script=Han}/u.test(field)) expect(field in FIELD_LABELS, `${kind.kind}.${key}.${field}`).toBe(true);
        }
      }
    }
  });

  it('clauses name the seed document by its title', () => {
    expect(clauseText('seeds/001_2a8462746777bb44.txt 「销售提成量化考核方案」: 考核满分一般设定为100分')).toBe('《应收账款管理制度汇编》「销售提成量化考核方案」: 考核满分一般设定为100分');
    expect(clauseText('seeds/002_b984c9f6fc43815b.txt 3): 逾期一个月扣除当事人工资的10%')).toBe('《公司销售回款管理制度》3): 逾期一个月扣除当事人工资的10%');
    expect(clauseText(null)).toBeNull();
  });
});
