package dev.creditdesk.tasks;

import org.springframework.test.context.TestPropertySource;

/** Every task API test again, with reserve, complete and fail applied in batches (group commit): same answers. */
@TestPropertySource(properties = {"creditdesk.tasks.batching.enabled=true", "creditdesk.tasks.batching.workers=1"})
class BatchedTasksApiIT extends TasksApiIT {
}
