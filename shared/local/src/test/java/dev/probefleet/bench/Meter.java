package dev.probefleet.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * An SDK interceptor that measures what a benchmark's DynamoDB calls cost: it asks DynamoDB for the
 * consumed capacity of every call ({@code ReturnConsumedCapacity=TOTAL}) and adds it up per
 * operation, counts the calls, and can hold every request for a fixed latency first (the round trip
 * a real region adds, which DynamoDB Local on loopback does not have).
 */
final class Meter implements ExecutionInterceptor {
  private final long latencyNanos;
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> capacity = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> readCapacity = new ConcurrentHashMap<>();
  private final Map<String, DoubleAdder> writeCapacity = new ConcurrentHashMap<>();

  Meter(long latencyMillis) {
    this.latencyNanos = latencyMillis * 1_000_000L;
  }

  @Override
  public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
    SdkRequest r = context.request();
    ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
    return switch (r) {
      case QueryRequest q -> q.toBuilder().returnConsumedCapacity(total).build();
      case GetItemRequest g -> g.toBuilder().returnConsumedCapacity(total).build();
      case PutItemRequest p -> p.toBuilder().returnConsumedCapacity(total).build();
      case UpdateItemRequest u -> u.toBuilder().returnConsumedCapacity(total).build();
      case BatchGetItemRequest b -> b.toBuilder().returnConsumedCapacity(total).build();
      case ScanRequest s -> s.toBuilder().returnConsumedCapacity(total).build();
      case TransactWriteItemsRequest t -> t.toBuilder().returnConsumedCapacity(total).build();
      default -> r;
    };
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (latencyNanos > 0) {
      LockSupport.parkNanos(latencyNanos);
    }
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    String operation = context.request().getClass().getSimpleName().replace("Request", "");
    calls.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
    SdkResponse response = context.response();
    java.util.List<ConsumedCapacity> consumed =
        switch (response) {
          case QueryResponse q -> one(q.consumedCapacity());
          case GetItemResponse g -> one(g.consumedCapacity());
          case PutItemResponse p -> one(p.consumedCapacity());
          case UpdateItemResponse u -> one(u.consumedCapacity());
          case BatchGetItemResponse b -> b.consumedCapacity();
          case ScanResponse s -> one(s.consumedCapacity());
          case TransactWriteItemsResponse t -> t.consumedCapacity();
          default -> java.util.List.of();
        };
    for (ConsumedCapacity c : consumed) {
      if (c.capacityUnits() != null) {
        capacity.computeIfAbsent(operation, k -> new DoubleAdder()).add(c.capacityUnits());
      }
      if (c.readCapacityUnits() != null) {
        readCapacity.computeIfAbsent(operation, k -> new DoubleAdder()).add(c.readCapacityUnits());
      }
      if (c.writeCapacityUnits() != null) {
        writeCapacity
            .computeIfAbsent(operation, k -> new DoubleAdder())
            .add(c.writeCapacityUnits());
      }
    }
  }

  private static java.util.List<ConsumedCapacity> one(ConsumedCapacity c) {
    return c == null ? java.util.List.of() : java.util.List.of(c);
  }

  /** Calls per operation since the last reset. */
  Map<String, Long> calls() {
    Map<String, Long> out = new java.util.TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Capacity units per operation (reads for reads, writes for writes) since the last reset. */
  Map<String, Double> capacity() {
    Map<String, Double> out = new java.util.TreeMap<>();
    capacity.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  long totalCalls() {
    return calls.values().stream().mapToLong(AtomicLong::get).sum();
  }

  void reset() {
    calls.clear();
    capacity.clear();
    readCapacity.clear();
    writeCapacity.clear();
  }
}
