package org.dsm.orchestrator.functions.ric;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events of other shapes than the API Gateway HTTP API one: what AWS services deliver to a Lambda
 * function (abridged to their documented top-level shape) and bare JSON values a direct invoke may
 * send. A function must answer each without crashing the runtime.
 */
public final class SampleEvents {
  private SampleEvents() {}

  /** Name → event JSON, in a stable order. */
  public static Map<String, String> all() {
    Map<String, String> events = new LinkedHashMap<>();
    events.put(
        "apigateway-rest-v1-proxy",
        """
        {"resource": "/orchestrate/project/{project_id}", "path": "/orchestrate/project/TEST-001",
         "httpMethod": "POST", "headers": {"content-type": "application/json"},
         "multiValueHeaders": {"content-type": ["application/json"]}, "queryStringParameters": null,
         "pathParameters": {"project_id": "TEST-001"}, "stageVariables": null,
         "requestContext": {"resourceId": "abc123", "resourcePath": "/orchestrate/project/{project_id}",
           "httpMethod": "POST", "requestId": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef", "path": "/prod/orchestrate/project/TEST-001",
           "accountId": "123456789012", "apiId": "abc123", "stage": "prod",
           "identity": {"sourceIp": "203.0.113.10", "userAgent": "curl/8.5.0"}},
         "body": "{\\"options\\": {\\"dry_run\\": true}}", "isBase64Encoded": false}
        """);
    events.put(
        "alb-target-group",
        """
        {"requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda/abc"}},
         "httpMethod": "GET", "path": "/orchestrate/intelligence/performance/metrics/TEST-001",
         "queryStringParameters": {"window": "1h"}, "headers": {"host": "lambda-alb-123.us-east-1.elb.amazonaws.com"},
         "body": "", "isBase64Encoded": false}
        """);
    events.put(
        "sqs",
        """
        {"Records": [{"messageId": "059f36b4-87a3-44ab-83d2-661975830a7d", "receiptHandle": "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
          "body": "{\\"project_id\\": \\"TEST-001\\"}", "attributes": {"ApproximateReceiveCount": "1",
          "SentTimestamp": "1545082649183", "SenderId": "AIDAIENQZJOLO23YVJ4VO", "ApproximateFirstReceiveTimestamp": "1545082649185"},
          "messageAttributes": {}, "md5OfBody": "e4e68fb7bd0e697a0ae8f1bb342846b3", "eventSource": "aws:sqs",
          "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:my-queue", "awsRegion": "us-east-1"}]}
        """);
    events.put(
        "sns",
        """
        {"Records": [{"EventVersion": "1.0", "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:topic:sub",
          "EventSource": "aws:sns", "Sns": {"Type": "Notification", "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
          "TopicArn": "arn:aws:sns:us-east-1:123456789012:topic", "Subject": "example", "Message": "hello",
          "Timestamp": "1970-01-01T00:00:00.000Z", "MessageAttributes": {}}}]}
        """);
    events.put(
        "s3-put",
        """
        {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
          "eventTime": "2026-11-28T09:00:00.000Z", "eventName": "ObjectCreated:Put",
          "s3": {"s3SchemaVersion": "1.0", "bucket": {"name": "example-bucket", "arn": "arn:aws:s3:::example-bucket"},
                 "object": {"key": "test/key", "size": 1024, "eTag": "0123456789abcdef0123456789abcdef"}}}]}
        """);
    events.put(
        "eventbridge-custom",
        """
        {"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", "detail-type": "Order Placed",
         "source": "com.example.orders", "account": "123456789012", "time": "2026-11-28T09:00:00Z",
         "region": "us-east-1", "resources": [], "detail": {"orderId": "1"}}
        """);
    events.put(
        "cloudwatch-logs",
        """
        {"awslogs": {"data": "H4sIAAAAAAAAAHWPwQqCQBCGX0Xm7EFtK+smZBEUgXoLCdMhFtKV3akI8d0bLYmibvPPN3wz00CJxmQnTO41whwWQRIctmEcB6sQbFC3CjW3XW8kxpOpP+OC22d1Wml1qZkQGtoMsScxaczKN3plG8zlaHIta5KqWsozoTYw3/djzwhpLwivWFGHGpAFe7DL68JlBUk+l7KSN7tCOEJ4M3/qOI49vMHj+zCKdlFqLaU2ZHV2a4Ct/an0/ivdX8oYc1UVX860fQDQiMdxRQEAAA=="}}
        """);
    events.put(
        "dynamodb-stream",
        """
        {"Records": [{"eventID": "1", "eventName": "INSERT", "eventVersion": "1.0", "eventSource": "aws:dynamodb",
          "awsRegion": "us-east-1", "dynamodb": {"Keys": {"Id": {"N": "101"}}, "NewImage": {"Id": {"N": "101"}},
          "SequenceNumber": "111", "SizeBytes": 26, "StreamViewType": "NEW_AND_OLD_IMAGES"},
          "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/example/stream/2026-11-28T00:00:00.000"}]}
        """);
    events.put("empty-object", "{}");
    events.put("unknown-object", "{\"foo\": 1}");
    events.put("array-of-objects", "[{\"foo\": 1}]");
    events.put("json-string", "\"hello\"");
    events.put("json-null", "null");
    events.put("json-number", "42");
    return events;
  }
}
