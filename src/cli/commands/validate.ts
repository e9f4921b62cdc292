import { FeatureCollectionValidator, FrontlineError, isValid, validate, type ValidationFinding } from '../../index.js';
import { readJsonFeatures } from '../../node/index.js';
import { parseOptions, type CommandRun } from '../command.js';

/** `frontline validate`: the findings of the kernel's `validate` on one file; exit 0 valid, 1 problems, 2 unusable input. */
export const run: CommandRun = (args, out) => {
  const { values, positionals } = parseOptions(
    args,
    { json: { type: 'boolean' }, strict: { type: 'boolean' }, 'self-touching-holes': { type: 'boolean' } },
    true,
  );
  if (positionals.length !== 1) {
    throw new FrontlineError(
      'USAGE',
      `validate takes one file, got ${positionals.length === 0 ? 'none' : positionals.length} (usage: frontline validate <file> [--json] [--strict] [--self-touching-holes])`,
    );
  }
  const file = positionals[0]!;
  const options = { selfTouchingHoles: values['self-touching-holes'] === true };
  const read = readJsonFeatures(file, 'a GeoJSON object');
  let findings: ValidationFinding[];
  if (read.streamed && read.members.type === 'FeatureCollection') {
    // Feature by feature: a large collection is never held whole.
    const collection = new FeatureCollectionValidator(options);
    for (const feature of read.features()) collection.add(feature);
    findings = collection.finish();
  } else findings = validate(read.streamed ? read.value() : read.value, options);
  const count = (severity: ValidationFinding['severity']) => findings.filter((f) => f.severity === severity).length;
  const errors = count('error'),
    warnings = count('warning'),
    notes = count('info');
  const valid = isValid(findings);
  const passed = valid && !(values.strict && warnings > 0);
  if (values.json) {
    out.stdout(JSON.stringify({ file, valid, errors, warnings, notes, findings }, null, 2));
  } else {
    for (const f of findings) out.stdout(`${f.severity} ${f.code} ${f.path || '(root)'}: ${f.message}`);
    const tally = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${notes} note${notes === 1 ? '' : 's'}`;
    out.stdout(`${file}: ${valid ? 'valid' : 'invalid'} (${tally})`);
  }
  return passed ? 0 : 1;
};
