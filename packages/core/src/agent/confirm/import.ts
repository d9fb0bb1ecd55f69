import { importRecords } from '../tools/import/import-records.ts';
import { described, describerFor } from './describer.ts';
import { quoted } from './words.ts';

/**
 * An import is previewed in full by the pipeline (pipeline/import-turn.ts) before it waits for a
 * yes; a model asking for one directly only gets this question, on the file it names.
 */
export const describeImport = describerFor(importRecords, {
  async ask(_ctx, a, lang) {
    return described(
      lang === 'fr'
        ? `Importer les ${a.entity === 'Contact' ? 'contacts' : 'leads'} du fichier ${quoted(a.fileName, lang)} ?`
        : `Import the ${a.entity === 'Contact' ? 'contacts' : 'leads'} of the file ${quoted(a.fileName, lang)}?`,
    );
  },
  short(a, lang) {
    return lang === 'fr'
      ? `l'import de ${quoted(a.fileName, lang)}`
      : `the import of ${quoted(a.fileName, lang)}`;
  },
});
