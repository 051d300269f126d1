import type { FiledMaterialRef } from '../application/filing-validation';
import { describeProblem, problemAt, type RuleProblem, type ValidationProblem } from '../problems/problem-rules';
import { mergeMaterials } from '../service/merged-form';
import type { ServiceVersionSnapshot } from '../service/service-version';
import type { MaterialRequirement } from '../service/step-config';

/**
 * Rules for materials handed in as files: which names are acceptable, which types a material
 * accepts, and whether a stored file fits the material a filing (or later a supplement or a
 * deferred material) uses it for. Pure: the bytes are read and typed by the gateway, which hands
 * these rules what it found.
 */

/** What a material accepts when its step config names no `fileTypes`: common document formats. */
export const DEFAULT_FILE_TYPES: readonly string[] = ['pdf', 'jpg', 'png', 'docx', 'xlsx'];

/** Types nothing in the bytes identifies: accepted as text when the bytes are UTF-8 without NULs. */
const TEXT_TYPES: Readonly<Record<string, string>> = {
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/** Spellings of one format that a CIO may write either way. */
const ALIASES: Readonly<Record<string, string>> = { jpeg: 'jpg', jpe: 'jpg', tiff: 'tif', htm: 'html' };

/** `.PDF`, ` pdf `, `jpeg` → `pdf`, `pdf`, `jpg`. */
export function canonicalFileType(extension: string): string {
  const bare = extension.trim().toLowerCase().replace(/^\.+/, '');
  return ALIASES[bare] ?? bare;
}

/** The extensions a material accepts, canonical and without repeats. */
export function acceptedFileTypes(material: Pick<MaterialRequirement, 'fileTypes'>): string[] {
  const listed = material.fileTypes?.length ? material.fileTypes : DEFAULT_FILE_TYPES;
  return [...new Set(listed.map(canonicalFileType))];
}

/** The bytes' type as detected (file-type's `{ext, mime}`), or undefined when nothing matched. */
export interface DetectedType {
  ext: string;
  mime: string;
}

export type FileTypeVerdict =
  { ok: true; extension: string; contentType: string } | { ok: false; problem: RuleProblem };

/**
 * Whether bytes of the detected type may serve a material accepting `accepted`. The client's file
 * name and Content-Type play no part: a renamed executable is what its bytes say. Formats without a
 * signature (plain text, CSV) are accepted only when the bytes have none of a known format and read
 * as UTF-8 text; the name's extension then picks between them when several are accepted.
 */
export function fileTypeVerdict(input: {
  detected: DetectedType | undefined;
  /** The bytes decode as UTF-8 and contain no NUL. */
  isText: boolean;
  accepted: readonly string[];
  /** Only to choose among signature-less text types, never to accept a type. */
  name: string;
}): FileTypeVerdict {
  const accepted = input.accepted.map(canonicalFileType);
  const allowed = accepted.join(', ');
  if (input.detected) {
    const extension = canonicalFileType(input.detected.ext);
    if (accepted.includes(extension)) return { ok: true, extension, contentType: input.detected.mime };
    return {
      ok: false,
      problem: describeProblem('FILE_TYPE_NOT_ALLOWED', { detected: `${extension} (${input.detected.mime})`, allowed }),
    };
  }
  const textTypes = accepted.filter((type) => type in TEXT_TYPES);
  if (input.isText && textTypes.length > 0) {
    const named = canonicalFileType(input.name.includes('.') ? input.name.slice(input.name.lastIndexOf('.')) : '');
    const extension = textTypes.includes(named) ? named : textTypes[0];
    return { ok: true, extension, contentType: TEXT_TYPES[extension] };
  }
  return {
    ok: false,
    problem: describeProblem('FILE_TYPE_NOT_ALLOWED', {
      detected: input.isText ? 'plain text' : 'an unrecognised format',
      allowed,
    }),
  };
}

/** Longest name kept, in UTF-8 bytes: what common file systems allow for one name. */
export const MAX_FILE_NAME_BYTES = 255;

/**
 * The name an upload is kept and offered for download under, or undefined when the name is refused.
 * Refused rather than cleaned up, so the enterprise sees which name was the problem: path separators
 * (`/`, `\`), `.` and `..`, drive letters (`C:`), control characters (NUL included) and names longer
 * than 255 bytes. The name is only ever shown and sent back in Content-Disposition; files are
 * stored under generated ids, so no name reaches a path in any case.
 */
export function acceptableFileName(raw: string): string | undefined {
  const name = raw.normalize('NFC').trim();
  if (name === '' || name === '.' || name === '..') return undefined;
  if (/[/\\]/.test(name)) return undefined;
  // Control characters (C0, DEL, C1) and the bidirectional overrides that disguise an extension.
  if (/\p{Cc}|[\u202a-\u202e\u2066-\u2069]/u.test(name)) return undefined;
  if (/^[a-zA-Z]:/.test(name)) return undefined;
  if (new TextEncoder().encode(name).length > MAX_FILE_NAME_BYTES) return undefined;
  return name;
}

/** What the store knows of an uploaded file, as the filing rules need it. */
export interface StoredFileFacts {
  id: string;
  enterpriseId: string;
  /** Canonical extension of the detected type. */
  extension: string;
  size: number;
}

/**
 * Problems with the files a filing's materials refer to: each must be the enterprise's own (anything
 * else is "not found", so other enterprises' ids reveal nothing) and fit the material it is filed
 * as — its accepted types and size limit in the version the case runs on. `files` holds the files
 * found for the ids, whoever owns them.
 */
export function filedFileProblems(
  version: Pick<ServiceVersionSnapshot, 'steps'>,
  materials: readonly FiledMaterialRef[],
  files: ReadonlyMap<string, StoredFileFacts>,
  enterpriseId: string,
): ValidationProblem[] {
  const requirements = new Map(mergeMaterials(version.steps).materials.map((m) => [m.code, m]));
  const problems: ValidationProblem[] = [];
  materials.forEach((material, index) => {
    if (!material.fileId) return;
    const path = `materials[${index}].fileId`;
    const file = files.get(material.fileId);
    if (!file || file.enterpriseId !== enterpriseId) {
      problems.push(problemAt(path, 'FILE_NOT_FOUND', {}));
      return;
    }
    // An unknown code is reported by validateFiling; there is nothing to compare the file with.
    const requirement = requirements.get(material.code);
    if (!requirement) return;
    const accepted = acceptedFileTypes(requirement);
    if (!accepted.includes(file.extension)) {
      problems.push(
        problemAt(path, 'FILE_TYPE_NOT_ALLOWED', { detected: file.extension, allowed: accepted.join(', ') }),
      );
    }
    if (requirement.maxBytes !== undefined && file.size > requirement.maxBytes) {
      problems.push(problemAt(path, 'FILE_TOO_LARGE', { max: requirement.maxBytes }));
    }
  });
  return problems;
}

/**
 * Whether one of the department's steps in the version asks for the material: a department reads
 * the materials its own steps ask for, as in the case view (filed-content.ts).
 */
export function departmentAsksForMaterial(
  version: Pick<ServiceVersionSnapshot, 'steps'>,
  departmentCode: string,
  materialCode: string,
): boolean {
  return version.steps.some(
    (step) => step.departmentCode === departmentCode && step.config.materials.some((m) => m.code === materialCode),
  );
}
