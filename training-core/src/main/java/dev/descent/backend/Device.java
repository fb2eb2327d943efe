package dev.descent.backend;

import java.util.Locale;

/**
 * A device by name, as PyTorch's {@code torch.device}: {@code Device.cuda()}, {@code Device.cpu()}, or
 * {@code Device.of("auto")}. {@code tensor.to(Device.cuda())} copies a tensor to the GPU and {@code to(Device.cpu())}
 * back; the backend is looked up when a tensor moves, so naming a device never fails on a machine without it.
 */
public record Device(String name) {

    public Device {
        name = name.toLowerCase(Locale.ROOT);
    }

    public static Device of(String name) {
        return new Device(name);
    }

    public static Device cpu() {
        return new Device("cpu");
    }

    public static Device cuda() {
        return new Device("cuda");
    }

    /** The backend that computes on this device; fails with the reason when it cannot run here. */
    public Backend backend() {
        return Backends.forDevice(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
