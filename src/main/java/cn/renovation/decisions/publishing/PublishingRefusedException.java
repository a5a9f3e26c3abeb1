package cn.renovation.decisions.publishing;

/** An administrative step the rules of publishing do not allow (approving one's own upload, activating an invalid candidate). */
public class PublishingRefusedException extends RuntimeException {
    public PublishingRefusedException(String message) {
        super(message);
    }
}
