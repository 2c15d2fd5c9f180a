// The emulator's binary16 (__half and its conversions) is in cuda_emulated.h.
#pragma once
