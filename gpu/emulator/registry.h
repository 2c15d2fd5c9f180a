// The emulator's kernels by name: each cuda-kernels/*.cu, compiled as C++, registers its kernels here
// (gpu/emulate writes the EMULATED_KERNEL lines from the sources), and a launch unpacks cuLaunchKernel's argument
// pointers into the kernel's parameter types.
#pragma once
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <utility>

struct Kernel {
    const char* name;
    std::function<void(void**)> invoke;

    template <typename... A>
    Kernel(const char* name, void (*function)(A...)) : name(name) {
        invoke = [function](void** arguments) { call(function, arguments, std::index_sequence_for<A...>()); };
        all()[name] = this;
    }

    static const Kernel* find(const char* name) {
        auto found = all().find(name);
        return found == all().end() ? nullptr : found->second;
    }

private:
    // cuLaunchKernel's arguments: argument i points to the value of parameter i.
    template <typename... A, size_t... I>
    static void call(void (*function)(A...), void** arguments, std::index_sequence<I...>) {
        function(*static_cast<A*>(arguments[I])...);
    }

    static std::map<std::string, const Kernel*>& all() {
        static std::map<std::string, const Kernel*> kernels;
        return kernels;
    }
};

#define EMULATED_KERNEL(name) static const Kernel registered_##name(#name, name);
