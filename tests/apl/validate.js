// Validates APL documents with Amazon's apl-suggester (tests/e2e/test_apl_validation.py).
// stdin: a JSON object {name: document}; stdout: a JSON object {name: [findings]}.
'use strict';
// The validator logs notes on stdout; keep stdout for the results alone.
console.log = (...args) => console.error(...args);
const { StaticAplTemplateValidator } = require('apl-suggester');

let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const documents = JSON.parse(input);
  const results = {};
  for (const [name, document] of Object.entries(documents)) {
    results[name] = await new StaticAplTemplateValidator().validate(document);
  }
  process.stdout.write(JSON.stringify(results));
});
