// Saved recovery codes in the account space (docs/security/recovery-codes.md): shown once, printed with the print
// stylesheet or downloaded as a PDF built here by jsPDF (copied from npm into /vendor/jspdf by build.mjs). The codes
// never leave the browser again: no request carries them, nothing keeps them (no storage, no URL).
import { t, language, serviceName } from './i18n.js';
import { formatDate } from './ui.js';

/** "9 of 10 left, made on …", or "none yet": the account space's line about the current set. */
export const recoveryCodesStatus = (state) => (state.createdAt
  ? t('account.codes.left', { count: state.remaining, date: formatDate(state.createdAt) })
  : t('account.codes.none'));

let jspdfLoaded;
/** jsPDF's UMD build as a same-origin script (the CSP allows script-src 'self' only), loaded on the first download. */
export const loadJsPdf = () => (jspdfLoaded ??= new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = '/vendor/jspdf/jspdf.umd.min.js';
  script.onload = () => resolve(globalThis.jspdf.jsPDF);
  script.onerror = reject;
  document.head.append(script);
}));

/** An A4 page with the codes, the account's address and the date; saved by the browser, never sent anywhere. */
// jsPDF's standard fonts speak WinAnsi, which has U+00A0 but not the narrow U+202F: the PDF keeps the line unbroken.
const pdfText = (key, values) => t(key, values).replaceAll('\u202F', '\u00A0');

async function downloadPdf(codes, createdAt, email) {
  const JsPdf = await loadJsPdf();
  const doc = new JsPdf({ unit: 'mm', format: 'a4' });
  const title = pdfText('account.codes.pdfTitle', { service: serviceName() });
  doc.setProperties({ title });
  doc.setFont('helvetica', 'bold').setFontSize(16).text(title, 20, 25);
  doc.setFont('helvetica', 'normal').setFontSize(11)
    .text(pdfText('account.codes.pdfAccount', { email }), 20, 35)
    .text(pdfText('account.codes.pdfCreated', { date: formatDate(createdAt) }), 20, 42);
  doc.setFont('courier', 'normal').setFontSize(14);
  codes.forEach((code, index) => doc.text(`${String(index + 1).padStart(2, ' ')}.  ${code}`, 25, 58 + index * 10));
  doc.setFont('helvetica', 'normal').setFontSize(10)
    .text(doc.splitTextToSize(pdfText('account.codes.pdfUse'), 170), 20, 165)
    .text(doc.splitTextToSize(pdfText('account.codes.pdfKeep'), 170), 20, 177);
  doc.save(language() === 'en' ? 'recovery-codes.pdf' : 'codes-de-secours.pdf');
}

/** Shows a new set in <paramref name="box"/> (focus on its heading) with "Imprimer" and "Télécharger". */
export function showRecoveryCodes(box, set, email) {
  const list = box.querySelector('#codes-list');
  list.replaceChildren(...set.codes.map((code) => Object.assign(document.createElement('li'), { textContent: code })));
  box.querySelector('#codes-print-meta').textContent = `${t('account.codes.pdfAccount', { email })} — ${t('account.codes.pdfCreated', { date: formatDate(set.createdAt) })}`;
  box.hidden = false;
  // Replaced, not added to: a second set must not leave the first one's handlers behind.
  box.querySelector('#codes-print').onclick = () => {
    document.body.classList.add('print-codes');
    addEventListener('afterprint', () => document.body.classList.remove('print-codes'), { once: true });
    print();
  };
  box.querySelector('#codes-download').onclick = () => downloadPdf(set.codes, set.createdAt, email);
  box.querySelector('#codes-result-title').focus();
}
