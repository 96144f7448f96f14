import PDFDocument from 'pdfkit';
import type { ProofDocument } from './proofs.policy';

/** The proof as a one-document PDF: the same content as the JSON, and the address to verify it at. */
export function proofPdf(doc: ProofDocument, program: string | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: 'LETTER',
      margin: 60,
      // The document's own metadata names nobody: it may be forwarded.
      info: { Title: 'Proof of meeting attendance', Producer: 'Onward', Creator: 'Onward' },
    });
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);

    pdf.fontSize(18).text('Proof of meeting attendance');
    if (program) pdf.fontSize(11).text(program);
    pdf.moveDown();
    pdf.fontSize(12).text(`Member: ${doc.memberName}`);
    pdf.text(`Dates covered: ${doc.from} to ${doc.to}`);
    pdf.moveDown();
    if (doc.meetings.length === 0) {
      pdf.text('No meeting attendance was recorded in these dates.');
    } else {
      pdf.text(`Meetings attended (${doc.meetings.length}):`);
      pdf.moveDown(0.5);
      for (const m of doc.meetings) pdf.text(`${m.date}   ${m.title}`);
    }
    pdf.moveDown(2);
    pdf.fontSize(10).text('Verify this document at:');
    pdf.text(doc.verifyUrl);
    pdf.moveDown(0.5);
    pdf.text(
      'The link shows the same record while the member keeps it active; it stops working when they revoke it or it expires.',
    );
    pdf.end();
  });
}
