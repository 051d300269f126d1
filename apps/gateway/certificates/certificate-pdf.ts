import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Config } from '../../../libs/config';
import type { CertificateRecord } from '../../../libs/persistence/repositories/certificate.repository';
import { GATEWAY_CONFIG } from '../infrastructure/config.provider';
import { CertificatesErrors } from './certificates.errors';

/** The public page a certificate's QR code opens (the web application's /verify/:code). */
export function verifyUrl(publicBaseUrl: string, verifyCode: string): string {
  return `${publicBaseUrl}/verify/${encodeURIComponent(verifyCode)}`;
}

/** A calendar date in Asia/Shanghai, e.g. 2026-12-02: the dates printed on a certificate. */
export function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
}

const FONT = 'certificate-cjk';
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 56;
const INK = '#1f1f1f';
const MUTED = '#595959';
const SEAL_RED = '#c0392b';

/**
 * Renders a certificate as a one-page A4 PDF: the facts in Chinese with English labels, set in the
 * configured CJK font (embedded as a subset, so only the glyphs used travel), and a QR code of the
 * public verification URL drawn as vector squares. A revoked certificate says so in a red box.
 *
 * The font is read once; when it is missing the gateway still starts (everything else works) but
 * says so in its log at start, and each PDF request answers 503 naming the setting.
 */
@Injectable()
export class CertificatePdfRenderer implements OnModuleInit {
  private readonly logger = new Logger('Certificates');
  private font?: Promise<Buffer>;

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: Config) {}

  async onModuleInit(): Promise<void> {
    try {
      await this.loadFont();
    } catch (error) {
      this.logger.error(
        `Certificate PDFs are unavailable: ${describe(error)}. Install the CJK font (Debian: fonts-noto-cjk) or set CERTIFICATE_FONT_PATH (and CERTIFICATE_FONT_FACE for a .ttc).`,
      );
    }
  }

  async render(certificate: CertificateRecord): Promise<Buffer> {
    let font: Buffer;
    try {
      font = await this.loadFont();
    } catch (error) {
      throw CertificatesErrors.pdfUnavailable(describe(error));
    }
    const url = verifyUrl(this.config.certificates.publicBaseUrl, certificate.verifyCode);
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      info: {
        Title: `电子证照 ${certificate.number}`,
        Subject: `${certificate.serviceName} — ${certificate.departmentName}`,
        Author: certificate.departmentName,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<Buffer>((resolve, reject) => {
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    doc.registerFont(FONT, font, this.fontFace());
    doc.font(FONT);
    drawCertificate(doc, certificate, url);
    doc.end();
    return ended;
  }

  /** A .ttc is a collection: pdfkit needs the PostScript name of the face to take from it. */
  private fontFace(): string | undefined {
    return /\.ttc$/i.test(this.config.certificates.fontPath) ? this.config.certificates.fontFace : undefined;
  }

  private loadFont(): Promise<Buffer> {
    // A failed read is not kept: the operator may install the font without restarting.
    this.font ??= this.readFont().catch((error: unknown) => {
      this.font = undefined;
      throw new Error(`font ${this.config.certificates.fontPath}: ${describe(error)}`);
    });
    return this.font;
  }

  private async readFont(): Promise<Buffer> {
    const bytes = await readFile(this.config.certificates.fontPath);
    // Opening the face now turns a wrong CERTIFICATE_FONT_FACE into a clear error at start.
    new PDFDocument({ autoFirstPage: false }).registerFont(FONT, bytes, this.fontFace()).font(FONT);
    return bytes;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function drawCertificate(doc: PDFKit.PDFDocument, certificate: CertificateRecord, url: string): void {
  const width = A4.width - 2 * MARGIN;
  // A double frame, as printed licences have.
  doc
    .lineWidth(2)
    .strokeColor(SEAL_RED)
    .rect(28, 28, A4.width - 56, A4.height - 56)
    .stroke();
  doc
    .lineWidth(0.6)
    .rect(36, 36, A4.width - 72, A4.height - 72)
    .stroke();

  doc.fillColor(INK).fontSize(30).text('电子证照', MARGIN, 90, { width, align: 'center', characterSpacing: 8 });
  doc.fillColor(MUTED).fontSize(11).text('Electronic Certificate', { width, align: 'center' });
  doc.moveDown(0.4).fontSize(14).fillColor(INK).text(certificate.serviceName, { width, align: 'center' });

  const rows: [string, string, string][] = [
    ['证照编号', 'Number', certificate.number],
    ['持证主体', 'Holder', certificate.holder],
    ['统一社会信用代码', 'Credit code', certificate.holderCreditCode],
    ['发证部门', 'Issued by', certificate.departmentName],
    ['发证日期', 'Issued on', shanghaiDate(certificate.issuedAt)],
    ['有效期至', 'Valid until', shanghaiDate(certificate.validUntil)],
  ];
  let y = 230;
  for (const [zh, en, value] of rows) {
    doc
      .fillColor(INK)
      .fontSize(12)
      .text(zh, MARGIN + 10, y, { width: 140 });
    doc
      .fillColor(MUTED)
      .fontSize(8)
      .text(en, MARGIN + 10, y + 16, { width: 140 });
    doc
      .fillColor(INK)
      .fontSize(14)
      .text(value, MARGIN + 160, y + 2, { width: width - 170 });
    y += 46;
    doc
      .moveTo(MARGIN + 10, y - 10)
      .lineTo(MARGIN + width - 10, y - 10)
      .lineWidth(0.3)
      .strokeColor('#d9d9d9')
      .stroke();
  }

  if (certificate.status === 'revoked') {
    // Level text in a box of its own: nothing else on the page is overprinted, so every fact stays legible.
    const revokedOn = certificate.revokedAt ? `  ${shanghaiDate(certificate.revokedAt)}` : '';
    const reason = certificate.revokeReason ? `  ${certificate.revokeReason}` : '';
    doc
      .lineWidth(2)
      .strokeColor(SEAL_RED)
      .rect(MARGIN + 10, y - 2, width - 20, 40)
      .stroke();
    doc
      .fillColor(SEAL_RED)
      .fontSize(16)
      .text(`已撤销 REVOKED${revokedOn}${reason}`, MARGIN + 20, y + 9, { width: width - 40, align: 'center' });
  }

  // The QR code of the public verification page, with the address and code for typing by hand.
  const qrSize = 150;
  const qrX = MARGIN + width - qrSize - 10;
  const qrY = 570;
  drawQrCode(doc, url, qrX, qrY, qrSize);
  doc
    .fillColor(INK)
    .fontSize(11)
    .text('扫码核验证照真伪', MARGIN + 10, qrY + 10, { width: width - qrSize - 40 });
  doc
    .fillColor(MUTED)
    .fontSize(8)
    .text('Scan to verify this certificate', { width: width - qrSize - 40 });
  doc
    .moveDown(0.8)
    .fillColor(INK)
    .fontSize(9)
    .text(`核验码 Verification code: ${certificate.verifyCode}`, { width: width - qrSize - 40 });
  doc
    .moveDown(0.3)
    .fillColor(MUTED)
    .fontSize(8)
    .text(url, { width: width - qrSize - 40, link: url });

  doc
    .fillColor(MUTED)
    .fontSize(8)
    .text('本证照由发证部门通过一网通办系统核发，可通过上述网址或二维码核验其状态。', MARGIN + 10, A4.height - 110, {
      width: width - 20,
      align: 'center',
    });
}

/** The QR code as filled squares (crisp at any zoom, no image to embed), with its quiet zone. */
function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const quiet = 4;
  const cell = size / (count + 2 * quiet);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  doc.fillColor('#000000');
  for (let row = 0; row < count; row += 1) {
    for (let column = 0; column < count; column += 1) {
      if (qr.modules.get(row, column)) {
        doc.rect(x + (column + quiet) * cell, y + (row + quiet) * cell, cell, cell);
      }
    }
  }
  doc.fill().restore();
}
