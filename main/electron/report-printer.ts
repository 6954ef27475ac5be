import { BrowserWindow } from 'electron';
import { pathToFileURL } from 'node:url';
import type { PrintPdf } from '../report/pdf.js';

/**
 * The desktop app prints the marathon report itself: a hidden window, scripts off (the page has
 * none), loads the report file and prints it with Chromium's own printToPDF.
 */
export const printReportInWindow: PrintPdf = async (htmlFile) => {
  const window = new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } });
  try {
    await window.loadURL(pathToFileURL(htmlFile).href);
    return await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
  } finally {
    window.destroy();
  }
};
