// What the Chromium test page can call: the connector and the document model, bundled by esbuild.
import * as documentModel from '@pactline/shared/doc';
import { openDocument } from '@pactline/shared/sync';

Object.assign(globalThis, { pactline: { openDocument, documentModel } });
