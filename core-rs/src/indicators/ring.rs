//! Fixed-capacity ring buffer allocated once at construction; push/get never allocate.

#[derive(Clone, Debug)]
pub struct RingBuffer {
    buf: Vec<f64>,
    head: usize,
    len: usize,
}

impl RingBuffer {
    pub fn new(capacity: usize) -> RingBuffer {
        RingBuffer { buf: vec![0.0; capacity.max(1)], head: 0, len: 0 }
    }

    pub fn capacity(&self) -> usize {
        self.buf.len()
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn is_full(&self) -> bool {
        self.len == self.buf.len()
    }

    /// Pushes `v`; when full, overwrites and returns the oldest value.
    #[inline(always)]
    pub fn push(&mut self, v: f64) -> Option<f64> {
        let cap = self.buf.len();
        let old = if self.len == cap { Some(self.buf[self.head]) } else { None };
        self.buf[self.head] = v;
        self.head += 1;
        if self.head == cap {
            self.head = 0;
        }
        if self.len < cap {
            self.len += 1;
        }
        old
    }

    /// `ago` = 0 is the newest value, `len - 1` the oldest.
    #[inline(always)]
    pub fn get(&self, ago: usize) -> f64 {
        let cap = self.buf.len();
        let idx = (self.head + cap - 1 - ago) % cap;
        self.buf[idx]
    }

    /// Value that the next push will evict (the oldest) once the buffer is full.
    #[inline(always)]
    pub fn oldest(&self) -> f64 {
        if self.len == self.buf.len() {
            self.buf[self.head]
        } else {
            self.buf[0]
        }
    }

    pub fn clear(&mut self) {
        self.head = 0;
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_evicts_oldest() {
        let mut r = RingBuffer::new(3);
        assert_eq!(r.push(1.0), None);
        assert_eq!(r.push(2.0), None);
        assert_eq!(r.push(3.0), None);
        assert_eq!(r.oldest(), 1.0);
        assert_eq!(r.push(4.0), Some(1.0));
        assert_eq!(r.get(0), 4.0);
        assert_eq!(r.get(2), 2.0);
        r.clear();
        assert!(r.is_empty());
    }
}
