/** Secret references of the targets file resolved from SSM Parameter Store and Secrets Manager. */
package dev.probefleet.aws.secrets;
