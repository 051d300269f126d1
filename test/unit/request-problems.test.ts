import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { CalendarDayRequestDto, DueDateQueryDto } from '../../apps/gateway/calendar/calendar.dto';
import { GatewayError } from '../../apps/gateway/common/gateway.error';
import { CONSTRAINTS_WITH_RULES } from '../../apps/gateway/common/request-problems';
import { createValidationPipe } from '../../apps/gateway/common/validation.pipe';
import { CreateServiceDto, UpdateServiceDto } from '../../apps/gateway/services/services.drafts.dto';
import { FileApplicationDto } from '../../apps/gateway/applications/applications.dto';
import { PROBLEM_RULES } from '../../libs/domain';

/** The details of the 400 the gateway's validation pipe answers for `body` against `dto`. */
async function refusal(dto: new () => object, body: unknown, type: 'body' | 'query' = 'body'): Promise<unknown[]> {
  const error: unknown = await createValidationPipe()
    .transform(body, { type, metatype: dto })
    .then(() => undefined)
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(GatewayError);
  return (error as GatewayError).details as unknown[];
}

const ROUTE = [{ key: 'a', departmentCode: 'market', after: [] }];

describe('request (400) problems carry a rule and the values of its sentence', () => {
  test('a number out of range names the bound, and the message is the rule’s English sentence', async () => {
    expect(await refusal(UpdateServiceDto, { name: 'x', overallLimitDays: 0, steps: ROUTE })).toEqual([
      { field: 'overallLimitDays', rule: 'BELOW_MIN', params: { min: 1 }, message: 'must be at least 1' },
    ]);
    expect(await refusal(UpdateServiceDto, { name: 'x', overallLimitDays: 4000, steps: ROUTE })).toEqual([
      { field: 'overallLimitDays', rule: 'ABOVE_MAX', params: { max: 3650 }, message: 'must be at most 3650' },
    ]);
  });

  test('a blank name is NOT_BLANK, not a pattern the reader cannot act on', async () => {
    expect(await refusal(UpdateServiceDto, { name: '   ', overallLimitDays: 5, steps: ROUTE })).toEqual([
      { field: 'name', rule: 'NOT_BLANK', params: {}, message: 'must not be blank' },
    ]);
  });

  test('nested members, lengths, types and unknown properties', async () => {
    const details = await refusal(CreateServiceDto, {
      code: 'Bakery_Opening',
      name: 'x',
      overallLimitDays: 1.5,
      steps: [{ key: '', departmentCode: 'market', after: [] }],
      colour: 'red',
    });
    expect(details).toEqual(
      expect.arrayContaining([
        { field: 'colour', rule: 'UNKNOWN_PROPERTY', params: {}, message: 'is not a property of this request' },
        { field: 'overallLimitDays', rule: 'NOT_INTEGER', params: {}, message: 'must be a whole number' },
        {
          field: 'steps.0.key',
          rule: 'LENGTH_OUT_OF_RANGE',
          params: { min: 1, max: 64 },
          message: 'must be 1 to 64 characters',
        },
        {
          field: 'code',
          rule: 'SERVICE_CODE_FORMAT',
          params: {},
          message: PROBLEM_RULES.SERVICE_CODE_FORMAT.en,
        },
      ]),
    );
    expect(details).toHaveLength(4);
  });

  test('a choice lists its values, and a record names its size limit', async () => {
    expect(await refusal(CalendarDayRequestDto, { kind: 'party', name: '国庆' })).toEqual([
      {
        field: 'kind',
        rule: 'NOT_ONE_OF',
        params: { values: 'holiday, workday' },
        message: 'must be one of holiday, workday',
      },
    ]);
    const details = await refusal(FileApplicationDto, {
      serviceCode: 'restaurant-opening',
      form: {},
      materials: [],
      pledges: { 'fire-safety': 'yes' },
    });
    expect(details).toEqual([
      {
        field: 'pledges',
        rule: 'NOT_BOOLEAN_RECORD',
        params: { max: 200 },
        message: 'must be an object of at most 200 keys whose values are true or false',
      },
    ]);
  });

  test('a time without an offset is named as such', async () => {
    expect(await refusal(DueDateQueryDto, { start: '2026-09-30T10:00:00', workingDays: '3' }, 'query')).toEqual([
      { field: 'start', rule: 'INSTANT_WITHOUT_OFFSET', params: {}, message: PROBLEM_RULES.INSTANT_WITHOUT_OFFSET.en },
    ]);
  });

  test('every constraint a gateway DTO declares has a rule', async () => {
    // Markers that are not constraints: @IsOptional and @ValidateIf, @Allow, @ValidateNested's own pass.
    const notConstraints = new Set(['conditionalValidation', 'whitelistValidation', 'nestedValidation']);
    const gateway = join(__dirname, '../../apps/gateway');
    const files = readdirSync(gateway, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(dto|params)\.ts$/.test(f),
    );
    const seen = new Set<string>();
    for (const file of files) {
      const exports = (await import(join(gateway, file))) as Record<string, unknown>;
      for (const value of Object.values(exports)) {
        if (typeof value !== 'function') continue;
        for (const metadata of getMetadataStorage().getTargetValidationMetadatas(value, '', true, false)) {
          if (notConstraints.has(metadata.type)) continue;
          const constraint = metadata.name ?? metadata.type;
          const named = (metadata.context as { rule?: string } | undefined)?.rule;
          seen.add(constraint);
          expect([
            `${value.name}.${metadata.propertyName}`,
            constraint,
            named ?? CONSTRAINTS_WITH_RULES.has(constraint),
          ]).toEqual([`${value.name}.${metadata.propertyName}`, constraint, named ?? true]);
          if (named) expect(Object.keys(PROBLEM_RULES)).toContain(named);
        }
      }
    }
    // The walk found the DTOs' decorators at all.
    expect([...seen]).toEqual(expect.arrayContaining(['isString', 'isInt', 'min', 'isLength', 'matches', 'isIn']));
  });
});
