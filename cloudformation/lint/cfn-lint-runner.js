'use strict';
// Runs cfn-lint (npm, martysweet/cfn-lint 1.9.7) on Glint's templates with a current resource specification.
//
// cfn-lint 1.9.7 bundles the CloudFormation resource specification of 2019 (v2.29.0: no CloudFront origin access
// controls, no EventBridge Scheduler, ...). Before anything is validated this runner replaces its resource and property
// types with those of @aws-cdk/cfnspec, the specification the AWS CDK was generated from. It also fixes one bug of
// cfn-lint 1.9.7: Fn::Sub left the "${" and "}" around every substituted name ("${glint}-" for "${EnvironmentName}-"),
// which made every ARN built with Fn::Sub fail the ARN check. Both changes are checked here: if cfn-lint's code or the
// specification ever changes, the runner stops with an error instead of linting with the wrong rules.
//
// Usage: node cfn-lint-runner.js REQUEST.json, where the request is
//   {"templates": [{"file": "...", "parameters": {...}, "importValues": {...}}]}
// Prints {"specification": "<version>", "results": [{"file", "valid", "findings": [{"level", "message", "path"}]}]}.
const fs = require('fs');
const path = require('path');
const Module = require('module');

function fail(message) {
  process.stderr.write('cfn-lint-runner: ' + message + '\n');
  process.exit(2);
}

// 1. The specification.
const awsData = require('cfn-lint/lib/awsData');
const spec = require('@aws-cdk/cfnspec/spec/specification.json');
if (!spec.ResourceTypes['AWS::CloudFront::OriginAccessControl'] || !spec.ResourceTypes['AWS::Scheduler::Schedule']) {
  fail('the @aws-cdk/cfnspec specification lacks resource types it is expected to have');
}
awsData.awsResources.ResourceTypes = spec.ResourceTypes;
awsData.awsResources.PropertyTypes = spec.PropertyTypes;
awsData.awsResources.ResourceSpecificationVersion = spec.ResourceSpecificationVersion;

// 2. The Fn::Sub fix, compiled in place of cfn-lint's validator module before anything loads it.
const validatorFile = require.resolve('cfn-lint/lib/validator');
const buggy = 'replacementStr = replacementStr.replace(placeholder, placeholderValue);';
const fixed = "replacementStr = replacementStr.split('${' + placeholder + '}').join(placeholderValue);";
const source = fs.readFileSync(validatorFile, 'utf8');
if (source.split(buggy).length !== 2) {
  fail('cfn-lint\'s Fn::Sub code is not the one this runner fixes; check the runner against the new version');
}
const patched = new Module(validatorFile, module);
patched.filename = validatorFile;
patched.paths = Module._nodeModulePaths(path.dirname(validatorFile));
patched._compile(source.replace(buggy, fixed), validatorFile);
patched.loaded = true;
require.cache[validatorFile] = patched;
const validator = require('cfn-lint/lib/validator');
if (validator !== patched.exports) {
  fail('cfn-lint\'s validator module was loaded before the fix');
}

// 3. The templates.
const request = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const template of request.templates) {
  validator.resetValidator();
  for (const [name, value] of Object.entries(template.parameters || {})) {
    validator.addParameterValue(name, value);
  }
  for (const [name, value] of Object.entries(template.importValues || {})) {
    validator.addImportValue(name, value);
  }
  let outcome;
  try {
    outcome = validator.validateFile(template.file, {});
  } catch (e) {
    results.push({file: template.file, valid: false,
      findings: [{level: 'crit', message: 'cfn-lint failed: ' + e.message, path: ''}]});
    continue;
  }
  const findings = [];
  for (const level of ['crit', 'warn', 'info']) {
    for (const error of outcome.errors[level]) {
      findings.push({level: level, message: error.message, path: error.resource});
    }
  }
  results.push({file: template.file, valid: outcome.templateValid, findings: findings});
}
process.stdout.write(JSON.stringify({specification: spec.ResourceSpecificationVersion, results: results}) + '\n');
