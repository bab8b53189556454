package org.dsm.orchestrator.schedules.aws;

import java.time.ZoneId;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;

/** SDK clients pointed at a {@link FakeSchedulerServer}. */
final class SchedulerClients {
  private SchedulerClients() {}

  static SchedulerClient client(FakeSchedulerServer fake) {
    return SchedulerClient.builder()
        .endpointOverride(fake.endpoint())
        .region(Region.of(FakeSchedulerServer.REGION))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  static EventBridgeDailyScrumSchedules schedules(
      FakeSchedulerServer fake, String group, ZoneId zone) {
    return new EventBridgeDailyScrumSchedules(
        client(fake),
        group,
        EventBridgeDailyScrumSchedulesTest.TARGET,
        EventBridgeDailyScrumSchedulesTest.ROLE,
        zone);
  }
}
