import { fileTypeFromBuffer } from 'file-type/core';
import {
  acceptableFileName,
  acceptedFileTypes,
  canonicalFileType,
  DEFAULT_FILE_TYPES,
  departmentAsksForMaterial,
  filedFileProblems,
  fileTypeVerdict,
  type StoredFileFacts,
} from '../../libs/domain';
import { defaultStepConfig, type ServiceVersionSnapshot } from '../../libs/domain';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, ...Array(64).fill(0)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(64, 1)]);
const ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64'); // an empty zip archive

/** The verdict on bytes as the gateway reaches it: detected by file-type, never by name or header. */
async function verdictOn(bytes: Buffer, accepted: readonly string[], name = 'upload.bin') {
  const detected = await fileTypeFromBuffer(bytes);
  const isText = detected === undefined && !bytes.includes(0) && isUtf8(bytes);
  return fileTypeVerdict({ detected, isText, accepted, name });
}
function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('the type of an upload comes from its bytes', () => {
  test('a PDF, PNG or JPEG is what its signature says, whatever it is called', async () => {
    expect(await verdictOn(PDF, ['pdf'], 'scan.png')).toEqual({
      ok: true,
      extension: 'pdf',
      contentType: 'application/pdf',
    });
    expect(await verdictOn(PNG, ['pdf', 'png'], 'plan.pdf')).toEqual({
      ok: true,
      extension: 'png',
      contentType: 'image/png',
    });
    expect(await verdictOn(JPG, ['jpeg'], 'photo.pdf')).toEqual({
      ok: true,
      extension: 'jpg',
      contentType: 'image/jpeg',
    });
  });

  test('an executable named .pdf is refused, saying what it is and what is accepted', async () => {
    expect(await verdictOn(EXE, ['pdf', 'png'], 'plan.pdf')).toEqual({
      ok: false,
      problem: {
        rule: 'FILE_TYPE_NOT_ALLOWED',
        params: { detected: 'exe (application/x-msdownload)', allowed: 'pdf, png' },
        message: 'the file’s content is exe (application/x-msdownload); this material accepts pdf, png',
      },
    });
  });

  test('a zip is not a docx because it is called one', async () => {
    expect(await verdictOn(ZIP, ['docx'], 'report.docx')).toMatchObject({
      ok: false,
      problem: { params: { detected: 'zip (application/zip)' } },
    });
  });

  test('text without a signature is accepted only where text is, and the name picks between txt and csv', async () => {
    const words = Buffer.from('名称,面积\n味道小馆,200\n');
    expect(await verdictOn(words, ['pdf'], 'plan.pdf')).toMatchObject({
      ok: false,
      problem: { params: { detected: 'plain text', allowed: 'pdf' } },
    });
    expect(await verdictOn(words, ['txt', 'csv'], 'areas.csv')).toEqual({
      ok: true,
      extension: 'csv',
      contentType: 'text/csv; charset=utf-8',
    });
    expect(await verdictOn(words, ['txt', 'csv'], 'areas.pdf')).toMatchObject({ ok: true, extension: 'txt' });
    // Bytes that are not UTF-8 are not text, whatever they are named.
    expect(await verdictOn(Buffer.from([0xc3, 0x28, 0x41]), ['txt'], 'a.txt')).toMatchObject({
      ok: false,
      problem: { params: { detected: 'an unrecognised format' } },
    });
  });

  test('file types are compared in one spelling: case, a leading dot and jpeg/jpg do not matter', () => {
    expect(['.PDF', ' Jpeg ', 'jpg', 'TIFF'].map(canonicalFileType)).toEqual(['pdf', 'jpg', 'jpg', 'tif']);
    expect(acceptedFileTypes({ fileTypes: ['JPG', 'jpeg', '.pdf'] })).toEqual(['jpg', 'pdf']);
    expect(acceptedFileTypes({})).toEqual([...DEFAULT_FILE_TYPES]);
    expect(acceptedFileTypes({ fileTypes: [] })).toEqual([...DEFAULT_FILE_TYPES]);
  });
});

describe('file names are refused, not cleaned, when they carry a path or hidden characters', () => {
  test.each([
    ['../../etc/passwd'],
    ['/etc/passwd.pdf'],
    ['a/b.pdf'],
    ['C:\\Windows\\plan.pdf'],
    ['..\\plan.pdf'],
    ['C:plan.pdf'],
    ['plan\u0000.pdf'],
    ['plan\n.pdf'],
    ['plan\u007f.pdf'],
    ['invoice\u202Efdp.exe'],
    ['.'],
    ['..'],
    [''],
    ['   '],
    [`${'名'.repeat(86)}.pdf`], // 262 bytes in UTF-8
  ])('%j is refused', (name) => {
    expect(acceptableFileName(name)).toBeUndefined();
  });

  test.each([
    ['plan.pdf', 'plan.pdf'],
    ['场地平面图 (定稿).pdf', '场地平面图 (定稿).pdf'],
    ['  spaced.pdf  ', 'spaced.pdf'],
    ['..plan.pdf', '..plan.pdf'],
    ['no-extension', 'no-extension'],
    // Decomposed é (e + combining accent) is kept in its composed form.
    ['re\u0301sume\u0301.pdf', 'résumé.pdf'],
    [`${'名'.repeat(83)}.pdf`, `${'名'.repeat(83)}.pdf`], // 253 bytes
  ])('%j is kept as %j', (name, kept) => {
    expect(acceptableFileName(name)).toBe(kept);
  });
});

describe('a filing’s files must be the enterprise’s own and fit the material they are filed as', () => {
  const version: Pick<ServiceVersionSnapshot, 'steps'> = {
    steps: [
      {
        key: 'licence',
        departmentCode: 'market',
        after: [],
        config: defaultStepConfig({
          materials: [
            { code: 'plan', name: 'Plan', kind: 'core', fileTypes: ['pdf'], maxBytes: 1000 },
            { code: 'photo', name: 'Photo', kind: 'non-core' },
          ],
        }),
      },
      {
        key: 'fire',
        departmentCode: 'fire',
        after: [],
        config: defaultStepConfig({
          materials: [{ code: 'plan', name: 'Plan', kind: 'core', fileTypes: ['pdf'], maxBytes: 1000 }],
        }),
      },
    ],
  };
  const file = (id: string, facts: Partial<StoredFileFacts> = {}): [string, StoredFileFacts] => [
    id,
    { id, enterpriseId: 'ours', extension: 'pdf', size: 500, ...facts },
  ];

  test('a fitting file of our own has no problem; an inline content is not a file', () => {
    const files = new Map([file('f1'), file('f2', { extension: 'png' })]);
    expect(
      filedFileProblems(
        version,
        [
          { code: 'plan', fileId: 'f1' },
          { code: 'photo', fileId: 'f2' },
          { code: 'plan', content: 'text' },
        ],
        files,
        'ours',
      ),
    ).toEqual([]);
  });

  test('another enterprise’s file and a missing one read the same: not found', () => {
    const files = new Map([file('theirs', { enterpriseId: 'theirs' })]);
    const problems = filedFileProblems(
      version,
      [
        { code: 'plan', fileId: 'theirs' },
        { code: 'photo', fileId: 'nowhere' },
      ],
      files,
      'ours',
    );
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['materials[0].fileId', 'FILE_NOT_FOUND'],
      ['materials[1].fileId', 'FILE_NOT_FOUND'],
    ]);
    expect(problems[0]).toEqual(expect.objectContaining({ params: {} }));
  });

  test('a file of the wrong type or over the size limit of the material it is filed as', () => {
    const files = new Map([file('big', { size: 1001 }), file('exe', { extension: 'exe' })]);
    expect(
      filedFileProblems(
        version,
        [
          { code: 'plan', fileId: 'big' },
          { code: 'photo', fileId: 'exe' },
        ],
        files,
        'ours',
      ),
    ).toEqual([
      expect.objectContaining({ path: 'materials[0].fileId', rule: 'FILE_TOO_LARGE', params: { max: 1000 } }),
      expect.objectContaining({
        path: 'materials[1].fileId',
        rule: 'FILE_TYPE_NOT_ALLOWED',
        params: { detected: 'exe', allowed: DEFAULT_FILE_TYPES.join(', ') },
      }),
    ]);
  });

  test('a department reads a material when one of its own steps asks for it', () => {
    expect(departmentAsksForMaterial(version, 'fire', 'plan')).toBe(true);
    expect(departmentAsksForMaterial(version, 'fire', 'photo')).toBe(false);
    expect(departmentAsksForMaterial(version, 'health', 'plan')).toBe(false);
  });
});
