console.log('restore');
