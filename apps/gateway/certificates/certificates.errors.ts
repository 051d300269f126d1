import { GatewayError } from '../common/gateway.error';

export enum CertificatesErrorCode {
  /** No certificate with this number, or one outside the caller's scope. */
  CertificateNotFound = 'CERTIFICATE_NOT_FOUND',
  /** The public verification found no certificate with this code. */
  CertificateUnknown = 'CERTIFICATE_UNKNOWN',
  /** The PDF cannot be made on this gateway: its CJK font (CERTIFICATE_FONT_PATH) is missing or unreadable. */
  CertificatePdfUnavailable = 'CERTIFICATE_PDF_UNAVAILABLE',
}

export const CertificatesErrors = {
  notFound: (number: string) =>
    new GatewayError(CertificatesErrorCode.CertificateNotFound, `Certificate ${number} not found`, { number }),
  unknown: () =>
    new GatewayError(
      CertificatesErrorCode.CertificateUnknown,
      'No certificate has this verification code: it was not issued by this system',
    ),
  pdfUnavailable: (reason: string) =>
    new GatewayError(
      CertificatesErrorCode.CertificatePdfUnavailable,
      `Certificate PDFs cannot be made on this server (${reason}); the operator must install the font CERTIFICATE_FONT_PATH names`,
    ),
};
