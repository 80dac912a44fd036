package dev.probefleet.infra;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.CfnStage;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The query API behind an API Gateway HTTP API: every route ({@code $default}, the function routes
 * itself) authorised by IAM, so a caller signs with SigV4 ({@code curl --aws-sigv4}) and needs
 * {@code execute-api:Invoke} on it; payload format 2.0, which {@code ApiFunction} reads; access
 * logs (who called what, with which status) in a log group with the deployment's retention.
 */
final class QueryApi extends Construct {

  /** One JSON line per request; {@code userArn} is the IAM caller. */
  static final String ACCESS_LOG_FORMAT =
      "{\"requestId\":\"$context.requestId\",\"time\":\"$context.requestTime\","
          + "\"caller\":\"$context.identity.userArn\",\"ip\":\"$context.identity.sourceIp\","
          + "\"route\":\"$context.routeKey\",\"path\":\"$context.path\","
          + "\"status\":\"$context.status\",\"latencyMs\":\"$context.responseLatency\","
          + "\"integrationError\":\"$context.integrationErrorMessage\"}";

  private final HttpApi api;
  private final LogGroup accessLogs;

  QueryApi(Construct scope, String id, String name, Alias function, int logRetentionDays) {
    super(scope, id);
    api =
        HttpApi.Builder.create(this, "HttpApi")
            .apiName(name)
            .description("probefleet query API: /v1/status, /v1/incidents, /v1/targets (SigV4)")
            .defaultIntegration(new HttpLambdaIntegration("Function", function))
            .defaultAuthorizer(new HttpIamAuthorizer())
            .createDefaultStage(true)
            .build();
    accessLogs =
        LogGroup.Builder.create(this, "AccessLogs")
            .logGroupName("/aws/apigateway/" + name)
            .removalPolicy(RemovalPolicy.DESTROY)
            .build();
    ((CfnLogGroup) accessLogs.getNode().getDefaultChild()).setRetentionInDays(logRetentionDays);
    CfnStage stage = (CfnStage) api.getDefaultStage().getNode().getDefaultChild();
    stage.setAccessLogSettings(
        CfnStage.AccessLogSettingsProperty.builder()
            .destinationArn(accessLogs.getLogGroupArn())
            .format(ACCESS_LOG_FORMAT)
            .build());
    CfnOutput.Builder.create(this, "Url")
        .description("the query API (IAM-authorised: sign with SigV4, service execute-api)")
        .value(api.getApiEndpoint())
        .build();
  }

  HttpApi api() {
    return api;
  }

  LogGroup accessLogs() {
    return accessLogs;
  }
}
