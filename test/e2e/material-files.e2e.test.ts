import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { loginAs, queueFor } from '../support/demo-users';
import { ProcessStack, type ApiUser } from '../support/process-stack';
import { publishThroughApi, stepConfig } from '../support/service-setup';
import { eventually } from '../support/workflow-harness';

/** The gateway reads no upload past this (FILE_MAX_BYTES for this stack). */
const CAP = 65_536;
const SITE_PLAN_MAX = 4_096;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A Windows executable's first bytes, named and labelled as a PDF. */
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200, 1)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Part {
  name: string;
  value?: string;
  file?: UploadPart;
}

interface UploadPart {
  filename: string;
  bytes: Buffer;
  type?: string;
  /** Sent as RFC 5987 `filename*` (percent-encoded UTF-8) instead of a quoted `filename`. */
  extended?: boolean;
}

/** A multipart body written byte for byte, so file names reach the gateway exactly as a hostile client sends them. */
function multipart(parts: Part[]): { body: Buffer; contentType: string } {
  const boundary = `----onestop${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (part.file) {
      chunks.push(
        Buffer.from(
          `Content-Disposition: form-data; name="${part.name}"; ${
            part.file.extended
              ? `filename*=UTF-8''${encodeURIComponent(part.file.filename)}`
              : `filename="${part.file.filename}"`
          }\r\n` + `Content-Type: ${part.file.type ?? 'application/octet-stream'}\r\n\r\n`,
        ),
        part.file.bytes,
        Buffer.from('\r\n'),
      );
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('materials as files: upload, file by id, download within the case’s scope', () => {
  const stack = new ProcessStack();
  const users: Record<string, ApiUser> = {};
  const serviceCode = `files-${randomUUID().slice(0, 8)}`;
  let storeDir: string;
  let db: Client;

  beforeAll(async () => {
    storeDir = await mkdtemp(join(tmpdir(), 'onestop-files-'));
    await stack.start({ env: { FILE_STORE_DIR: storeDir, FILE_MAX_BYTES: String(CAP) } });
    for (const username of [
      'applicant1',
      'applicant2',
      'coord',
      'admin',
      'cio.market',
      'cio.fire',
      'cio.environment',
      'staff.market',
      'staff.fire',
      'staff.environment',
      'staff.health',
    ]) {
      users[username] = await loginAs(stack, username);
    }
    const sitePlan = {
      code: 'site-plan',
      name: '场地平面图',
      kind: 'core',
      fileTypes: ['pdf', 'PNG'],
      maxBytes: SITE_PLAN_MAX,
    };
    // Market and fire both ask for the site plan (one upload serves both); environment asks for no
    // material, so its officers hold a task on the case without a claim on its files.
    await publishThroughApi({
      coord: users.coord,
      cios: { market: users['cio.market'], fire: users['cio.fire'], environment: users['cio.environment'] },
      code: serviceCode,
      route: [
        { key: 'licence', departmentCode: 'market', after: [] },
        { key: 'fire-check', departmentCode: 'fire', after: [] },
        { key: 'env-check', departmentCode: 'environment', after: [] },
      ],
      configs: {
        licence: stepConfig({
          materials: [sitePlan, { code: 'notes', name: '说明', kind: 'non-core', fileTypes: ['txt'], maxBytes: 2048 }],
        }),
        'fire-check': stepConfig({ materials: [sitePlan] }),
        'env-check': stepConfig(),
      },
    });
    db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await stack.stop();
    await rm(storeDir, { recursive: true, force: true });
  });

  async function upload(
    user: ApiUser,
    file: UploadPart | undefined,
    fields: Record<string, string> = { serviceCode, materialCode: 'site-plan' },
  ) {
    const { body, contentType } = multipart([
      ...Object.entries(fields).map(([name, value]) => ({ name, value })),
      ...(file ? [{ name: 'file', file }] : []),
    ]);
    const response = await fetch(`${stack.baseUrl}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': contentType },
      body,
    });
    const text = await response.text();
    // JSON.parse gives `any`: the assertions check the shape.
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async function download(user: ApiUser, id: string) {
    const response = await fetch(`${stack.baseUrl}/files/${id}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  /** What a refused upload must leave unchanged: rows, stored bytes, received copies. */
  async function footprint() {
    const rows = await db.query<{ count: string }>('SELECT count(*) AS count FROM files');
    const list = async (dir: string) => (await readdir(dir, { recursive: true }).catch(() => [])).sort();
    return {
      rows: rows.rows[0].count,
      blobs: await list(join(storeDir, 'blobs')),
      incoming: await list(join(storeDir, 'incoming')),
    };
  }

  async function fileCase(user: ApiUser, materials: { code: string; fileId?: string; content?: string }[]) {
    return user.request(
      'POST',
      '/applications',
      { serviceCode, form: {}, materials },
      { 'idempotency-key': randomUUID() },
    );
  }

  test('an upload is typed from its bytes, hashed, and answered with its id; the name is kept as sent', async () => {
    const uploaded = await upload(users.applicant1, {
      filename: '场地平面图 (定稿).pdf',
      bytes: PDF,
      type: 'text/plain',
    });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: '场地平面图 (定稿).pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      sha256: sha256(PDF),
    });
    // A PNG is accepted too (the step config wrote "PNG"), whatever the client calls it.
    const png = await upload(users.applicant1, { filename: 'photo.pdf', bytes: PNG, type: 'application/pdf' });
    expect(png.status).toBe(201);
    expect(png.body.contentType).toBe('image/png');
  });

  describe('bad uploads get a 4xx naming the field and the rule, and change nothing', () => {
    const cases: [string, () => Promise<{ status: number; body: Record<string, unknown> }>, number, object][] = [
      [
        'an empty file',
        () => upload(users.applicant1, { filename: 'plan.pdf', bytes: Buffer.alloc(0) }),
        422,
        { code: 'FILE_EMPTY', details: [expect.objectContaining({ field: 'file', rule: 'FILE_EMPTY' })] },
      ],
      [
        'a file over the material’s maxBytes (413)',
        () =>
          upload(users.applicant1, {
            filename: 'plan.pdf',
            bytes: Buffer.concat([PDF, Buffer.alloc(SITE_PLAN_MAX)]),
          }),
        413,
        {
          code: 'FILE_TOO_LARGE',
          details: [expect.objectContaining({ field: 'file', rule: 'FILE_TOO_LARGE', params: { max: SITE_PLAN_MAX } })],
        },
      ],
      [
        'a file over FILE_MAX_BYTES, cut off by the parser (413)',
        () => upload(users.applicant1, { filename: 'plan.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(CAP)]) }),
        413,
        { code: 'FILE_TOO_LARGE', details: [expect.objectContaining({ field: 'file', params: { max: CAP } })] },
      ],
      [
        'an executable named and labelled as a PDF (415)',
        () => upload(users.applicant1, { filename: 'plan.pdf', bytes: EXE, type: 'application/pdf' }),
        415,
        {
          code: 'FILE_TYPE_NOT_ALLOWED',
          details: [
            expect.objectContaining({
              field: 'file',
              rule: 'FILE_TYPE_NOT_ALLOWED',
              params: { detected: 'exe (application/x-msdownload)', allowed: 'pdf, png' },
            }),
          ],
        },
      ],
      [
        'text where a PDF is asked for (415)',
        () => upload(users.applicant1, { filename: 'plan.pdf', bytes: Buffer.from('just words') }),
        415,
        {
          code: 'FILE_TYPE_NOT_ALLOWED',
          details: [expect.objectContaining({ params: expect.objectContaining({ detected: 'plain text' }) })],
        },
      ],
      ...[
        '../../etc/passwd.pdf',
        '/etc/passwd.pdf',
        'C:\\Windows\\plan.pdf',
        'C:plan.pdf',
        'plan\u202Efdp.exe',
        '..',
      ].map((filename): [string, () => Promise<{ status: number; body: Record<string, unknown> }>, number, object] => [
        `a name with path tricks: ${JSON.stringify(filename)}`,
        () => upload(users.applicant1, { filename, bytes: PDF }),
        422,
        {
          code: 'FILE_NAME_INVALID',
          details: [expect.objectContaining({ field: 'file', rule: 'FILE_NAME_INVALID' })],
        },
      ]),
      [
        'a NUL in a name sent percent-encoded',
        () => upload(users.applicant1, { filename: 'plan\u0000.pdf', bytes: PDF, extended: true }),
        422,
        { code: 'FILE_NAME_INVALID', details: [expect.objectContaining({ field: 'file', rule: 'FILE_NAME_INVALID' })] },
      ],
      [
        'a raw NUL in the part header, refused by the multipart parser (400)',
        () => upload(users.applicant1, { filename: 'plan\u0000.pdf', bytes: PDF }),
        400,
        { code: 'MALFORMED_REQUEST' },
      ],
      [
        'a material the service does not ask for',
        () => upload(users.applicant1, { filename: 'plan.pdf', bytes: PDF }, { serviceCode, materialCode: 'passport' }),
        422,
        {
          code: 'FILE_MATERIAL_UNKNOWN',
          details: [expect.objectContaining({ field: 'materialCode', rule: 'UNKNOWN_MATERIAL' })],
        },
      ],
      [
        'no materialCode',
        () => upload(users.applicant1, { filename: 'plan.pdf', bytes: PDF }, { serviceCode }),
        400,
        {
          code: 'VALIDATION_FAILED',
          details: expect.arrayContaining([expect.objectContaining({ field: 'materialCode' })]),
        },
      ],
      [
        'no file',
        () => upload(users.applicant1, undefined),
        400,
        { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'file', rule: 'REQUIRED' })] },
      ],
    ];
    test.each(cases)('%s', async (_name, attempt, status, body) => {
      const before = await footprint();
      const response = await attempt();
      expect({ status: response.status, body: response.body }).toEqual({ status, body: expect.objectContaining(body) });
      expect(await footprint()).toEqual(before);
    });

    test('a declared length far over FILE_MAX_BYTES is refused before the body is read', async () => {
      const before = await footprint();
      const response = await upload(users.applicant1, { filename: 'huge.pdf', bytes: Buffer.alloc(4 * CAP, 0x25) });
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({
        code: 'FILE_TOO_LARGE',
        details: [{ field: 'file', params: { max: CAP } }],
      });
      expect(await footprint()).toEqual(before);
    });

    test('only an enterprise uploads materials', async () => {
      const response = await upload(users['staff.market'], { filename: 'plan.pdf', bytes: PDF });
      expect(response.status).toBe(403);
    });
  });

  describe('a filing refers to files by id', () => {
    let sitePlanId: string;
    let notesId: string;
    let applicationId: string;

    beforeAll(async () => {
      sitePlanId = (await upload(users.applicant1, { filename: '场地平面图.pdf', bytes: PDF })).body.id;
      const notes = await upload(
        users.applicant1,
        { filename: 'notes.txt', bytes: Buffer.from('门店说明：一楼临街') },
        { serviceCode, materialCode: 'notes' },
      );
      expect(notes.status).toBe(201);
      expect(notes.body.contentType).toBe('text/plain; charset=utf-8');
      notesId = notes.body.id;
    });

    async function casesOfApplicant1(): Promise<number> {
      const rows = await db.query<{ count: string }>(
        'SELECT count(*) AS count FROM applications WHERE service_code = $1',
        [serviceCode],
      );
      return Number(rows.rows[0].count);
    }

    test('another enterprise’s file id is "not found", exactly like an id that does not exist; nothing is filed', async () => {
      const foreign = await upload(users.applicant2, { filename: 'theirs.pdf', bytes: PDF });
      expect(foreign.status).toBe(201);
      const before = await casesOfApplicant1();
      const answers = [];
      for (const fileId of [foreign.body.id, randomUUID(), 'not-a-uuid']) {
        const response = await fileCase(users.applicant1, [{ code: 'site-plan', fileId }]);
        answers.push({ status: response.status, code: response.body.code, details: response.body.details });
      }
      const expected = {
        status: 404,
        code: 'FILE_NOT_FOUND',
        details: [expect.objectContaining({ path: 'materials[0].fileId', rule: 'FILE_NOT_FOUND' })],
      };
      expect(answers).toEqual([expected, expected, expected]);
      expect(JSON.stringify(answers[0])).not.toContain(foreign.body.id);
      expect(await casesOfApplicant1()).toBe(before);
    });

    test('a file that does not fit the material it is filed as is refused (422), naming where', async () => {
      const before = await casesOfApplicant1();
      const response = await fileCase(users.applicant1, [
        { code: 'site-plan', fileId: sitePlanId },
        { code: 'notes', fileId: sitePlanId },
      ]);
      expect(response.status).toBe(422);
      expect(response.body.details).toEqual([
        expect.objectContaining({
          path: 'materials[1].fileId',
          rule: 'FILE_TYPE_NOT_ALLOWED',
          params: { detected: 'pdf', allowed: 'txt' },
        }),
      ]);
      const unknown = await fileCase(users.applicant1, [
        { code: 'site-plan', fileId: sitePlanId },
        { code: 'passport', fileId: sitePlanId },
      ]);
      expect(unknown.status).toBe(422);
      expect(unknown.body.details).toEqual([
        expect.objectContaining({ path: 'materials[1].code', rule: 'UNKNOWN_MATERIAL' }),
      ]);
      expect(await casesOfApplicant1()).toBe(before);
    });

    test('filed once, the file serves every step that asks for it; the case view names it', async () => {
      const filed = await fileCase(users.applicant1, [
        { code: 'site-plan', fileId: sitePlanId },
        { code: 'notes', fileId: notesId },
      ]);
      expect(filed.status).toBe(201);
      applicationId = filed.body.id;
      for (const officer of ['staff.market', 'staff.fire', 'staff.environment']) {
        await eventually(async () => (await queueFor(users[officer], applicationId)).length > 0);
      }
      const view = await users['staff.fire'].request('GET', `/applications/${applicationId}`);
      expect(view.body.materials).toEqual([
        expect.objectContaining({
          code: 'site-plan',
          provided: true,
          fileId: sitePlanId,
          stepKeys: ['licence', 'fire-check'],
        }),
      ]);
    });

    test('each department that asks for it downloads the very bytes, typed and named', async () => {
      for (const officer of ['staff.market', 'staff.fire', 'cio.fire']) {
        const got = await download(users[officer], sitePlanId);
        expect(got.status).toBe(200);
        expect(sha256(got.bytes)).toBe(sha256(PDF));
        expect(got.headers.get('content-type')).toBe('application/pdf');
        expect(got.headers.get('x-content-type-options')).toBe('nosniff');
        expect(got.headers.get('content-disposition')).toBe(
          `attachment; filename="?????.pdf"; filename*=UTF-8''${encodeURIComponent('场地平面图')}.pdf`,
        );
      }
      const notes = await download(users['staff.market'], notesId);
      expect(notes.status).toBe(200);
      expect(notes.bytes.toString()).toBe('门店说明：一楼临街');
    });

    test('downloads are scoped like the case: its enterprise, the departments whose steps ask for it, coord_cio and admin', async () => {
      const status = async (username: string, id: string) => (await download(users[username], id)).status;
      // Environment holds a task on the case but asks for no material; fire does not ask for the notes;
      // health holds no task on it; applicant2 is another enterprise.
      expect({
        owner: await status('applicant1', sitePlanId),
        coord: await status('coord', sitePlanId),
        admin: await status('admin', sitePlanId),
        environment: await status('staff.environment', sitePlanId),
        fireNotes: await status('staff.fire', notesId),
        health: await status('staff.health', sitePlanId),
        otherEnterprise: await status('applicant2', sitePlanId),
        unknown: await status('coord', randomUUID()),
        malformed: await status('coord', 'not-an-id'),
      }).toEqual({
        owner: 200,
        coord: 200,
        admin: 200,
        environment: 404,
        fireNotes: 404,
        health: 404,
        otherEnterprise: 404,
        unknown: 404,
        malformed: 400,
      });
    });

    test('the inline content form stays for API clients', async () => {
      const filed = await fileCase(users.applicant1, [{ code: 'site-plan', content: '场地平面图：见附件说明' }]);
      expect(filed.status).toBe(201);
    });
  });
});
