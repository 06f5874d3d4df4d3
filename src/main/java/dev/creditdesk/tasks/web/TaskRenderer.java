package dev.creditdesk.tasks.web;

import dev.creditdesk.shared.events.ResourceRenderer;
import dev.creditdesk.tasks.Tasks;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** A task as {@code GET /v1/tasks/{id}} returns it. */
@Component
class TaskRenderer implements ResourceRenderer {

    private final Tasks tasks;

    TaskRenderer(Tasks tasks) {
        this.tasks = tasks;
    }

    @Override
    public String objectType() {
        return "task";
    }

    @Override
    public Optional<Object> render(UUID tenantId, String objectId) {
        return ResourceRenderer.uuid(objectId).flatMap(id -> tasks.find(tenantId, id)).map(TaskController.TaskView::of);
    }
}
