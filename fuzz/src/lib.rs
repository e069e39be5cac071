//! Shared by the fuzz targets: the in-process server of `tests/support/harness.rs` (the
//! same one the property tests use), made once per fuzzing process.
use std::sync::OnceLock;

#[path = "../../tests/support/harness.rs"]
pub mod harness;

pub use harness::Harness;

/// The process's server, made on first use.
pub fn harness() -> &'static Harness {
    static H: OnceLock<Harness> = OnceLock::new();
    H.get_or_init(Harness::new)
}

/// The system allocator, refusing any single allocation of [`MAX_ALLOCATION`] bytes or more:
/// the refusal aborts the process (`handle_alloc_error`), which libFuzzer reports as a crash
/// with the input that asked. libFuzzer's own `-malloc_limit_mb` needs a sanitizer's malloc
/// hooks, which a `-s none` build does not have; `-rss_limit_mb` still bounds the total.
struct Bounded;

/// 1 GiB: no input of outside origin should ever need one allocation this large.
pub const MAX_ALLOCATION: usize = 1 << 30;

// SAFETY: forwards to the system allocator unchanged, or returns null (allowed: "the
// allocation failed"), so it keeps every `GlobalAlloc` contract the system allocator keeps.
unsafe impl std::alloc::GlobalAlloc for Bounded {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.size() >= MAX_ALLOCATION {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        if layout.size() >= MAX_ALLOCATION {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        unsafe { std::alloc::System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: as above.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        if new_size >= MAX_ALLOCATION {
            return std::ptr::null_mut();
        }
        // SAFETY: as above.
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Bounded = Bounded;
