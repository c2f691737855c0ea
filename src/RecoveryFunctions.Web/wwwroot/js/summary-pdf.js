// The récapitulatif's "Imprimer" and "Télécharger le récapitulatif (PDF)" (issue 25, item 2; docs/recapitulatif.md).
// Signed in, the PDF is the server's tagged one (GET /api/account/summary.pdf with the session). Just after a recovery
// or an activation there is no session, and the summary is already on the page: the PDF is made here by jsPDF from
// what the page shows, so the récapitulatif never travels again and no new door opens on the server.
import { api } from './api.js';
import { t, language, serviceName, translate } from './i18n.js';
import { loadJsPdf } from './recovery-codes.js';

const fileName = () => (language() === 'en' ? 'registration-summary.pdf' : 'recapitulatif-inscription.pdf');

/** Hands a PDF to the browser as a download, without a URL anyone else could open. */
function save(blob) {
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: fileName() });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

/** The rows the page shows, as label and value, in the page's language (jsPDF's WinAnsi fonts lack U+202F). */
const rows = (dl) => [...dl.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.textContent ?? ''].map((s) => s.replaceAll('\u202F', '\u00A0')));

async function browserPdf(dl) {
  const JsPdf = await loadJsPdf();
  const doc = new JsPdf({ unit: 'mm', format: 'a4' });
  const title = t('summary.pdfTitle');
  doc.setProperties({ title: `${title} – ${serviceName()}` });
  doc.setLanguage(language() === 'en' ? 'en-GB' : 'fr-FR');
  doc.viewerPreferences({ DisplayDocTitle: true });
  doc.setFont('helvetica', 'normal').setFontSize(10).text(serviceName(), 20, 20);
  doc.setFont('helvetica', 'bold').setFontSize(18).text(title, 20, 32);
  let y = 46;
  for (const [label, value] of rows(dl)) {
    doc.setFont('helvetica', 'bold').setFontSize(11).text(label, 20, y);
    const lines = doc.splitTextToSize(value, 160);
    doc.setFont('helvetica', 'normal').text(lines, 25, y + 6);
    y += 12 + 5 * lines.length;
  }
  doc.setFontSize(9).text(doc.splitTextToSize(t('summary.pdfNotice').replaceAll('\u202F', '\u00A0'), 170), 20, y + 6);
  save(doc.output('blob'));
}

/** Adds the two actions after <paramref name="dl"/> once; <paramref name="session"/> when signed in. */
export function summaryActions(dl, session) {
  if (dl.nextElementSibling?.classList.contains('summary-actions')) return;
  const print = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: 'Imprimer' });
  print.dataset.i18n = 'summary.print';
  const download = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: 'Télécharger le récapitulatif (PDF)' });
  download.dataset.i18n = 'summary.download';
  const status = Object.assign(document.createElement('p'), { className: 'summary-status' });
  status.setAttribute('role', 'status');
  print.addEventListener('click', () => {
    // The print stylesheet keeps only the section being printed, its récapitulatif heading and list.
    const section = dl.closest('section');
    section.classList.add('printing');
    document.body.classList.add('print-summary');
    addEventListener('afterprint', () => { document.body.classList.remove('print-summary'); section.classList.remove('printing'); }, { once: true });
    window.print();
  });
  download.addEventListener('click', async () => {
    status.textContent = '';
    try {
      if (session) save(await api.summaryPdf(session));
      else await browserPdf(dl);
      status.textContent = t('summary.downloaded');
    } catch {
      status.textContent = t('summary.downloadFailed');
    }
  });
  const actions = document.createElement('div');
  actions.className = 'actions summary-actions';
  actions.append(print, download);
  dl.after(actions, status);
  translate(actions);
}
